"""Output limits (issue 15): evidence values are capped, SARIF stays under GitHub's upload limit."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from scanner.evaluate.results import EVIDENCE_VALUE_BYTES, cap_evidence
from scanner.report import sarif
from tests.conftest import FIXTURES


def test_a_large_evidence_value_is_replaced_by_its_size_hash_and_beginning() -> None:
    big = {"tag": "x" * 20_000}
    small = [{"path": "properties.a", "found": "Enabled", "expected": "Disabled"}]
    assert cap_evidence(small) is small
    capped = cap_evidence([{"path": "tags", "found": big, "expected": None}])[0]["found"]
    assert isinstance(capped, str) and capped.startswith("<truncated: 20,010 bytes of JSON, sha256 ") and len(capped) < EVIDENCE_VALUE_BYTES


def test_a_huge_tag_stays_out_of_every_report(tmp_path: Path) -> None:
    from scanner.cli import main

    doc = json.loads((FIXTURES / "service-defaults.json").read_text())
    doc["workspaces"][0]["workspace"]["resource"]["tags"] = {"data-classification": "phi", "environment": "x" * 3_000_000}
    snapshot = tmp_path / "s.json"
    snapshot.write_text(json.dumps(doc))
    assert main(["scan", str(snapshot), "--output-dir", str(tmp_path / "out"), "--format", "sarif,json", "--fail-on", "none", "--quiet", "--workers", "1"]) == 0
    for name in ("amlscan.sarif", "results.json"):
        assert (tmp_path / "out" / name).stat().st_size < 2_000_000, name


def test_sarif_over_the_gzip_limit_keeps_the_most_severe_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.cli import main

    assert main(["scan", str(FIXTURES / "service-defaults.json"), "--output-dir", str(tmp_path / "full"), "--format", "sarif", "--fail-on", "none", "--quiet", "--workers", "1"]) == 0
    full_bytes = (tmp_path / "full" / "amlscan.sarif").read_bytes()
    full = json.loads(full_bytes)["runs"][0]
    limit = len(gzip.compress(full_bytes)) - 1500  # the rule descriptors take most of it
    monkeypatch.setattr(sarif, "MAX_GZIP_BYTES", limit)
    assert main(["scan", str(FIXTURES / "service-defaults.json"), "--output-dir", str(tmp_path / "cut"), "--format", "sarif", "--fail-on", "none", "--quiet", "--workers", "1"]) == 0
    data = (tmp_path / "cut" / "amlscan.sarif").read_bytes()
    assert len(gzip.compress(data)) <= limit
    run = json.loads(data)["runs"][0]
    assert run["results"] and run["properties"]["omittedResults"] == len(full["results"]) - len(run["results"]) > 0
    rank = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    kept = max(rank[r["properties"]["severity"]] for r in run["results"])
    assert all(rank[r["properties"]["severity"]] >= kept for r in full["results"] if r not in run["results"])
