"""Helpers for the report tests: scan a fixture in-process, render formats, build documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from scanner.cli import main
from tests.conftest import FIXTURES

ALL_FORMATS = "sarif,html,json,junit,csv,md,oscal"


def scan_to(out: Path, snapshot: Path, *extra: str, formats: str = "sarif,html,json,junit,csv,md") -> int:
    return main(["scan", str(snapshot), "--output-dir", str(out), "--quiet", "--format", formats, "--workers", "1", *extra])


def trestle_available() -> bool:
    try:
        import trestle.oscal.assessment_results  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="session")
def fixture_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every bundled fixture scanned once into its own folder, every format that can be rendered."""
    formats = ALL_FORMATS if trestle_available() else "sarif,html,json,junit,csv,md"
    outputs = {}
    for snapshot in sorted(FIXTURES.glob("*.json")):
        out = tmp_path_factory.mktemp(snapshot.stem)
        assert scan_to(out, snapshot, formats=formats) in (0, 1)
        outputs[snapshot.stem] = out
    return outputs


def load_document(out: Path) -> dict[str, Any]:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def with_waivers(document: dict[str, Any]) -> dict[str, Any]:
    """A copy with one active and one expired waiver on failing results (as the waiver feature writes them)."""
    doc = copy.deepcopy(document)
    failing = [r for r in doc["results"] if r["status"] == "fail"]
    assert len(failing) >= 2, "the fixture needs two failing results"
    failing[0]["status"] = "waived"
    failing[0]["waiver"] = {"justification": "Compensating control: <b>VNet</b> only", "approver": "ciso@example.org", "expires": "2027-01-31", "expired": False}
    failing[1]["waiver"] = {"justification": "Legacy workspace, retiring", "approver": "dpo@example.org", "expires": "2026-01-01", "expired": True}
    return doc
