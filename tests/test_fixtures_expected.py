"""Every rule's verdict on every bundled fixture equals fixtures/expected.yaml (default parameters)."""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from scanner.evaluate.catalog import load_bundle
from scanner.evaluate.scan import run_scan
from scanner.snapshot.load import load_snapshot
from tests.conftest import FIXTURES, POLICIES, fixture_snapshots

EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))


def _name(resource_id: str) -> str:
    return resource_id.rstrip("/").split("/")[-1]


def _actual(path) -> dict:
    bundle = load_bundle(POLICIES)
    snapshot = load_snapshot(str(path))
    document = run_scan(snapshot, bundle, workers=1)
    per: dict = {_name(w["id"]): {rule.id: {} for rule in bundle.rules} for w in snapshot.data["workspaces"]}
    for result in document["results"]:
        per[_name(result["workspace_id"])][result["rule_id"]][_name(result["resource_id"])] = result["status"]
    for workspace, rules in per.items():
        for rule_id, results in rules.items():
            if len(results) == 1 and next(iter(results)) == workspace:
                rules[rule_id] = next(iter(results.values()))
    return per


def test_expected_covers_every_fixture():
    assert set(EXPECTED) == {p.name for p in fixture_snapshots()}


@pytest.mark.parametrize("path", fixture_snapshots(), ids=lambda p: p.name)
def test_fixture_results_match_expected(path):
    actual = _actual(path)
    expected = EXPECTED[path.name]
    assert set(actual) == set(expected)
    for workspace in expected:
        assert set(actual[workspace]) == set(expected[workspace]), f"{workspace}: rules differ"
        for rule_id, status in expected[workspace].items():
            assert actual[workspace][rule_id] == status, f"{path.name} {workspace} {rule_id}"


def test_every_rule_passes_and_fails_somewhere():
    seen: dict = defaultdict(set)
    for workspaces in EXPECTED.values():
        for rules in workspaces.values():
            for rule_id, status in rules.items():
                seen[rule_id] |= set(status.values()) if isinstance(status, dict) else {status}
    for rule in load_bundle(POLICIES).rules:
        assert {"pass", "fail"} <= seen[rule.id], f"{rule.id}: {sorted(seen[rule.id])}"
