"""SARIF specifics for GitHub code scanning: rules, levels, locations, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.cli import main
from tests.conftest import FIXTURES, assert_valid_sarif


def sarif_for(tmp_path: Path, snapshot: Path) -> dict:
    out = tmp_path / "out"
    main(["scan", str(snapshot), "--output-dir", str(out), "--quiet", "--format", "sarif,json"])
    return json.loads((out / "amlscan.sarif").read_text())


def test_rules_are_complete_for_code_scanning(tmp_path: Path, sarif_validator) -> None:
    sarif = sarif_for(tmp_path, FIXTURES / "service-defaults.json")
    assert_valid_sarif(sarif_validator, sarif)
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
        for key in ("id", "name", "shortDescription", "fullDescription", "help"):
            assert rule[key], key
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["properties"]["tags"]
        assert 0.1 <= float(rule["properties"]["security-severity"]) <= 10


def test_only_failures_become_results_with_both_locations(tmp_path: Path) -> None:
    sarif = sarif_for(tmp_path, FIXTURES / "mixed-forbidden.json")
    results = json.loads((tmp_path / "out" / "results.json").read_text())["results"]
    fails = [r for r in results if r["status"] == "fail"]
    sarif_results = sarif["runs"][0]["results"]
    assert len(sarif_results) == len(fails) > 0
    for item in sarif_results:
        assert item["level"] in ("error", "warning", "note")
        assert item["message"]["text"]
        location = item["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("mixed-forbidden.json")
        assert location["physicalLocation"]["region"]["startLine"] >= 1
        assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("/subscriptions/")
        assert item["partialFingerprints"]["amlscanFinding/v1"]


def test_physical_location_points_at_the_property_line(tmp_path: Path) -> None:
    snapshot = FIXTURES / "mixed-forbidden.json"
    sarif = sarif_for(tmp_path, snapshot)
    lines = snapshot.read_text().splitlines()
    pna = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AML-NET-001")
    line = pna["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert '"publicNetworkAccess"' in lines[line - 1] or '"id"' in lines[line - 1]


def test_fingerprints_do_not_change_when_lines_move(tmp_path: Path) -> None:
    original = FIXTURES / "service-defaults.json"
    moved = tmp_path / "service-defaults.json"
    # Same content, different layout: every line number changes.
    moved.write_text("\n" * 5 + original.read_text())
    a = sarif_for(tmp_path / "a", original)["runs"][0]["results"]
    b = sarif_for(tmp_path / "b", moved)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in a] != [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in b]
    assert [r["partialFingerprints"] for r in a] == [r["partialFingerprints"] for r in b]
