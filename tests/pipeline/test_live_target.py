"""`scan --config` with a live target: collected through the loopback ARM replay server of the collect tests."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from scanner.history.store import HistoryStore
from tests.collect.conftest import arm_token, ca, ca_bundle, clean_replay  # noqa: F401  (pytest fixtures)
from tests.collect.replay import SUB_MAIN
from tests.history.helpers import amlscan


def test_live_target_is_collected_evaluated_and_recorded(clean_replay, ca_bundle, arm_token, tmp_path: Path) -> None:  # noqa: F811
    config = tmp_path / "amlscan.yaml"
    config.write_text(yaml.safe_dump({
        "targets": [{"name": "live", "subscriptions": [SUB_MAIN], "auth": "token", "arm_endpoint": clean_replay.base,
                     "ca_bundle": str(ca_bundle), "max_retries": 0}],
        "outputs": {"folder": "out", "formats": ["json"], "fail_on": "none"},
        "history": {"path": "h.db"},
    }))
    assert amlscan("scan", "--config", str(config), "--workers", "1", "--quiet") == 0
    snapshot = json.loads((tmp_path / "out" / "live" / "snapshot.json").read_text())
    assert snapshot["source"]["kind"] == "live" and snapshot["workspaces"]
    document = json.loads((tmp_path / "out" / "live" / "results.json").read_text())
    assert document["summary"]["workspaces"] == len(snapshot["workspaces"])
    with HistoryStore(tmp_path / "h.db") as store:
        (scan,) = store.scans()
        assert scan.target == "live" and store.snapshot(scan.id) == snapshot
