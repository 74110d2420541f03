"""Two scans of a fixture and a drifted copy: history, diff (findings and drift), trend, JSON Lines export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.history.diff import diff_findings, diff_snapshots
from scanner.history.export import TABLE_SCHEMA
from scanner.history.store import HistoryStore
from tests.history.helpers import HARDENED, NEW_OWNER_ID, NEW_OWNER_PRINCIPAL, amlscan, drifted_copy

WORKSPACE_SUFFIX = "/workspaces/mlw-oncology-prod"


@pytest.fixture(scope="module")
def two_scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("two-scans")
    changed = tmp / "changed.json"
    drifted_copy(HARDENED, changed)
    db = tmp / "history.db"
    assert amlscan("scan", str(HARDENED), "--history", str(db), "--output-dir", str(tmp / "r1"), "--workers", "1", "--quiet") == 0
    # the drifted copy fails AML-NET-001: gate exit 1, still recorded
    assert amlscan("scan", str(changed), "--history", str(db), "--output-dir", str(tmp / "r2"), "--workers", "1", "--quiet",
                   "--history-export", "jsonl") == 1
    return tmp


def test_history_lists_both_scans_with_versions_and_hashes(two_scans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert amlscan("history", "--history", str(two_scans / "history.db"), "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["scan"] for r in rows] == [2, 1]
    assert [r["collected_at"] for r in rows] == ["2026-11-21T08:00:00Z", "2026-11-20T08:00:00Z"]
    assert rows[0]["scope_key"] == rows[1]["scope_key"]
    assert rows[0]["snapshot_sha256"] != rows[1]["snapshot_sha256"]
    assert rows[0]["policy_sha256"] == rows[1]["policy_sha256"] and len(rows[0]["policy_sha256"]) == 64
    assert rows[0]["by_status"]["fail"] == rows[1]["by_status"]["fail"] + 1
    assert rows[0]["engine"] == "embedded" and rows[0]["scanner_version"]


def test_diff_reports_new_finding_and_configuration_drift(two_scans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert amlscan("diff", "--history", str(two_scans / "history.db"), "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["scan_a"]["scan"], report["scan_b"]["scan"]) == (1, 2)
    assert report["same_scope"] is True
    new = report["findings"]["new"]
    assert [(f["rule_id"], f["status_a"], f["status_b"]) for f in new] == [("AML-NET-001", "pass", "fail")]
    assert new[0]["resource_id"].endswith(WORKSPACE_SUFFIX)
    assert report["findings"]["resolved"] == [] and report["findings"]["changed"] == []
    drift = report["drift"]
    pna = [c for c in drift["properties_changed"] if c["path"] == "properties.publicNetworkAccess"]
    assert len(pna) == 1 and (pna[0]["before"], pna[0]["after"], pna[0]["change"]) == ("Disabled", "Enabled", "modified")
    assert pna[0]["id"].endswith(WORKSPACE_SUFFIX)
    added = drift["resources_added"]
    assert [a["id"].rsplit("/", 1)[-1] for a in added] == [NEW_OWNER_ID]
    assert "'Owner'" in added[0]["summary"] and NEW_OWNER_PRINCIPAL in added[0]["summary"]
    assert drift["resources_removed"] == []
    # nothing else drifted: only the flipped property and the new assignment
    assert len(drift["properties_changed"]) == 1


def test_diff_text_and_explicit_scans(two_scans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(two_scans / "history.db")
    capsys.readouterr()
    assert amlscan("diff", "2", "1", "--history", db) == 0
    text = capsys.readouterr().out
    assert "scan #2" in text.splitlines()[0]
    assert "resolved findings: 1" in text  # reversed direction: the failure is resolved
    assert "properties.publicNetworkAccess: Enabled -> Disabled" in text
    assert "- Microsoft.Authorization/roleAssignments" in text
    assert amlscan("diff", "7", "--history", db) == 2
    assert "no scan #7" in capsys.readouterr().err


def test_trend_in_results_document(two_scans: Path) -> None:
    first = json.loads((two_scans / "r1" / "results.json").read_text())
    second = json.loads((two_scans / "r2" / "results.json").read_text())
    assert "trend" not in first  # nothing to compare with
    trend = second["trend"]
    with HistoryStore(two_scans / "history.db") as store:
        previous = store.get(1)
    assert trend["previous_scan_id"] == previous.scan_id
    assert trend["previous_collected_at"] == "2026-11-20T08:00:00Z"
    assert (trend["new"], trend["resolved"], trend["changed"]) == (1, 0, 0)
    assert trend["by_status_delta"] == {"fail": 1, "error": 0, "unknown": 0, "waived": 0, "pass": -1}


def test_jsonl_export_follows_the_table_schema(two_scans: Path) -> None:
    lines = (two_scans / "r2" / "results.jsonl").read_text().splitlines()
    document = json.loads((two_scans / "r2" / "results.json").read_text())
    assert len(lines) == len(document["results"])
    columns = [name for name, _, _ in TABLE_SCHEMA]
    for line in lines:
        row = json.loads(line)
        assert list(row) == columns
        assert row["ScanNumber"] == 2 and row["SubscriptionId"] == "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f"
        assert isinstance(row["Evidence"], list) and isinstance(row["Frameworks"], dict)
    statuses = sorted(json.loads(line)["Status"] for line in lines)
    assert statuses == sorted(r["status"] for r in document["results"])


def test_history_export_all_scans(two_scans: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert amlscan("history", "--history", str(two_scans / "history.db"), "--export-jsonl", str(out)) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["ScanNumber"] for r in rows} == {1, 2}
    assert sum(r["Status"] == "fail" for r in rows) == 1


def test_snapshot_stored_compressed_and_identical(two_scans: Path) -> None:
    import sqlite3

    with HistoryStore(two_scans / "history.db") as store:
        stored = store.snapshot(1)
    assert stored == json.loads(HARDENED.read_text())
    conn = sqlite3.connect(two_scans / "history.db")
    size = conn.execute("SELECT length(data) FROM snapshots WHERE scan = 1").fetchone()[0]
    conn.close()
    assert size < HARDENED.stat().st_size / 3


def _result(rule: str, status: str, resource: str = "/r/1", evidence: list | None = None) -> dict:
    return {"rule_id": rule, "title": rule, "severity": "high", "status": status, "resource_id": resource, "workspace_id": "/w",
            "message": "m", "evidence": evidence or []}


def test_diff_findings_classification() -> None:
    a = [_result("R1", "fail"), _result("R2", "unknown"), _result("R3", "fail", evidence=[{"path": "p", "found": 1, "expected": 2}]),
         _result("R4", "pass"), _result("R5", "fail")]
    b = [_result("R1", "pass"), _result("R2", "pass"), _result("R3", "fail", evidence=[{"path": "p", "found": 3, "expected": 2}]),
         _result("R4", "fail"), _result("R6", "fail")]
    out = diff_findings(a, b)
    assert [(i["rule_id"], i["status_a"], i["status_b"]) for i in out["new"]] == [("R4", "pass", "fail"), ("R6", None, "fail")]
    assert [(i["rule_id"], i["status_a"], i["status_b"]) for i in out["resolved"]] == [("R1", "fail", "pass"), ("R5", "fail", None)]
    assert [(i["rule_id"], i["status_a"], i["status_b"]) for i in out["changed"]] == [("R2", "unknown", "pass"), ("R3", "fail", "fail")]


def test_drift_ignores_case_of_ids_and_reports_section_status() -> None:
    base = json.loads(HARDENED.read_text())
    other = json.loads(HARDENED.read_text())
    ws = other["workspaces"][0]
    ws["key_vault"]["resource"]["id"] = ws["key_vault"]["resource"]["id"].upper()
    ws["computes"] = {"status": "forbidden", "api_version": ws["computes"]["api_version"], "message": "AuthorizationFailed", "items": []}
    drift = diff_snapshots(base, other)
    assert not any("vaults/kv-oncology-prod" in r["id"].lower() for r in drift["resources_added"] + drift["resources_removed"])
    status = [c for c in drift["properties_changed"] if c["path"] == "computes"]
    assert status and (status[0]["before"], status[0]["after"]) == ("ok", "forbidden")
    assert drift["resources_removed"], "the computes that were no longer collected are reported as removed"


def test_drift_covers_every_section_keyed_by_resource_id() -> None:
    """Issue 14's map sections drift like the older ones: a data lake a datastore now points at, a
    Contributor on it, a new Owner on the ML registry (a subscription entry), a Log Analytics
    destination's retention cut, a vault's private endpoint connection that lost its approval, and
    the collection status of those sections and of the subscription's Defender plans."""
    base = json.loads(HARDENED.read_text())
    other = json.loads(HARDENED.read_text())
    ws, sub = other["workspaces"][0], other["subscriptions"][0]
    lake = ws["storage_account"]["resource"]["id"].rsplit("/", 1)[0] + "/stlakepatients"
    ws["datastore_storage_accounts"][lake.lower()] = {"status": "ok", "api_version": "2025-01-01", "datastores": ["lake"], "resource_id": lake,
                                                      "resource": {"id": lake, "name": "stlakepatients", "type": "Microsoft.Storage/storageAccounts",
                                                                   "location": "eastus", "properties": {"publicNetworkAccess": "Enabled"}}}
    contributor = json.loads(json.dumps(next(iter(ws["datastore_role_assignments"].values()))["items"][0]))
    contributor["assignment"]["id"] = lake + "/providers/Microsoft.Authorization/roleAssignments/0e1f"
    ws["datastore_role_assignments"][lake.lower()] = {"status": "ok", "api_version": "2022-04-01", "items": [contributor]}
    registry_id = next(iter(sub["ml_registry_role_assignments"]))
    owner = json.loads(json.dumps(sub["ml_registry_role_assignments"][registry_id]["items"][0]))
    owner["assignment"]["id"] += "-owner"
    owner["role_definition"]["properties"]["roleName"] = "Owner"
    sub["ml_registry_role_assignments"][registry_id]["items"].append(owner)
    destination = next(iter(ws["log_analytics_destinations"].values()))
    destination["resource"] = {**destination["resource"], "id": destination["resource"]["id"] + "-central"}
    destination["resource"]["properties"] = {**destination["resource"]["properties"], "retentionInDays": 30}
    base_destination = next(iter(base["workspaces"][0]["log_analytics_destinations"].values()))
    base_destination["resource"] = {**base_destination["resource"], "id": destination["resource"]["id"]}
    vault_key = next(k for k in ws["associated_private_endpoint_connections"] if "/vaults/kv-oncology-prod" in k)
    ws["associated_private_endpoint_connections"][vault_key]["items"][0]["properties"]["privateLinkServiceConnectionState"]["status"] = "Pending"
    cmk_key = next(k for k in ws["associated_private_endpoint_connections"] if "/vaults/kv-oncology-cmk" in k)
    ws["associated_private_endpoint_connections"][cmk_key] = {"status": "forbidden", "api_version": "2024-11-01", "message": "AuthorizationFailed", "items": []}
    sub["defender_pricings"] = {"status": "forbidden", "api_version": "2024-01-01", "message": "AuthorizationFailed", "items": []}

    drift = diff_snapshots(base, other)
    added = {a["id"].lower(): a for a in drift["resources_added"]}
    assert lake.lower() in added and added[lake.lower()]["type"] == "Microsoft.Storage/storageAccounts"
    assert (lake + "/providers/Microsoft.Authorization/roleAssignments/0e1f").lower() in added
    assert "role 'Owner'" in added[owner["assignment"]["id"].lower()]["summary"]
    changes = {(c["id"].lower(), c["path"]): (c["before"], c["after"]) for c in drift["properties_changed"]}
    assert changes[(destination["resource"]["id"].lower(), "properties.retentionInDays")] == (365, 30)
    pec = ws["associated_private_endpoint_connections"][vault_key]["items"][0]["id"].lower()
    assert changes[(pec, "properties.privateLinkServiceConnectionState.status")] == ("Approved", "Pending")
    gone = [r for r in drift["resources_removed"] if "/vaults/kv-oncology-cmk/privateendpointconnections/" in r["id"].lower()]
    assert gone and {r["type"] for r in gone} == {"microsoft.keyvault/vaults/privateendpointconnections"}  # Key Vault's items carry no type
    ws_status = (ws["id"].lower() + "#collection", f"associated_private_endpoint_connections[{cmk_key}]")
    assert changes[ws_status] == ("ok", "forbidden")
    assert changes[(f"/subscriptions/{sub['subscription_id']}#collection".lower(), "defender_pricings")] == ("ok", "forbidden")
    assert changes[(ws["id"].lower() + "#collection", f"datastore_storage_accounts[{lake.lower()}]")] == (None, "ok")


def test_every_map_section_of_the_fixtures_is_walked() -> None:
    """A section keyed by resource id that the drift walk did not know would drift unseen."""
    from scanner.snapshot.canonical import ALL_MAP_SECTIONS
    from tests.conftest import fixture_snapshots

    found: set[str] = set()
    for fixture in fixture_snapshots():
        data = json.loads(fixture.read_text("utf-8"))
        for entry in data["workspaces"] + data.get("subscriptions", []):
            found |= {name for name, value in entry.items() if isinstance(value, dict) and "status" not in value and value
                      and all(isinstance(v, dict) and "status" in v for v in value.values())}
    assert found and found <= ALL_MAP_SECTIONS, sorted(found - ALL_MAP_SECTIONS)
    assert {"datastore_storage_accounts", "log_analytics_destinations", "ml_registry_role_assignments"} <= found
