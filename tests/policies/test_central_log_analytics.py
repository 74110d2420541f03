"""Parameter central_log_analytics_workspace_id end to end on the embedded engine (AML-LOG-002):
the pii-marketing fixture's workspace sends logs to log-marketing-eastus only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli import main
from tests.conftest import FIXTURES

WORKSPACE = "/subscriptions/b81c4f27-6e3d-4a92-8f05-c7d1e9a3b264/resourceGroups/rg-marketing-pii/providers/Microsoft.MachineLearningServices/workspaces/mlw-campaign-pii"
DESTINATION = "/subscriptions/b81c4f27-6e3d-4a92-8f05-c7d1e9a3b264/resourceGroups/rg-marketing-pii/providers/Microsoft.OperationalInsights/workspaces/log-marketing-eastus"


def _log_002(tmp_path: Path, central: str | None) -> dict[str, str]:
    args = ["scan", str(FIXTURES / "pii-marketing.json"), "--output-dir", str(tmp_path / "out"), "--quiet", "--workers", "1", "--fail-on", "none"]
    if central is not None:
        config = tmp_path / "amlscan.yaml"
        config.write_text(f"parameters:\n  central_log_analytics_workspace_id: {central}\n", encoding="utf-8")
        args += ["--config", str(config)]
    assert main(args) == 0
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))["results"]
    return {r["resource_id"]: r["status"] for r in results if r["rule_id"] == "AML-LOG-002"}


@pytest.mark.parametrize(
    "central, verdict",
    [
        (None, None),  # default: not checked, only the destination's retention is judged
        (DESTINATION.upper(), "pass"),  # ids compare case-insensitively
        (DESTINATION.replace("log-marketing-eastus", "log-central"), "fail"),
    ],
)
def test_the_central_workspace_is_required_when_set(tmp_path: Path, central: str | None, verdict: str | None) -> None:
    got = _log_002(tmp_path, central)
    assert got.pop(DESTINATION) == "fail"  # 90 days < 365
    assert got == ({} if verdict is None else {WORKSPACE: verdict})
