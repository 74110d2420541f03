"""Issue 14's sections from ARM templates and what-if results: what a template declares fills
them in the live collection's shape; what it cannot know is `error` (rules say unknown); a value
known only at deployment is unresolved; a secret's value never reaches the snapshot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.iac.arm_template import template_snapshot
from scanner.iac.what_if import what_if_snapshot
from scanner.snapshot.load import validate_snapshot
from tests.iac.helpers import scan

DATA = Path(__file__).with_name("data")
SUB = "/subscriptions/00000000-0000-0000-0000-000000000000"
RG = f"{SUB}/resourceGroups/resource-group/providers"
PLANTED = "Planted-Secret-Value-7f3a9c"


def entry_of(snapshot: dict[str, Any], name: str) -> dict[str, Any]:
    (entry,) = [w for w in snapshot["workspaces"] if w["id"].endswith(f"/workspaces/{name}")]
    return entry


@pytest.fixture(scope="module")
def evidence() -> dict[str, Any]:
    snapshot = template_snapshot(DATA / "evidence-workspace.json")
    validate_snapshot(snapshot, "evidence-workspace.json")
    return snapshot


def test_bring_your_own_resources_of_the_encryption_settings(evidence: dict[str, Any]) -> None:
    ws = entry_of(evidence, "mlw-evidence")
    cosmos = ws["encryption_cosmos_db"]
    assert cosmos["status"] == "ok" and cosmos["resource"]["id"] == f"{RG}/Microsoft.DocumentDB/databaseAccounts/cosmos-evidence"
    props = cosmos["resource"]["properties"]
    # canonical types (the template wrote "true" and "0"); a parameter without a value is unresolved, never guessed
    assert props["disableLocalAuth"] is True and props["locations"][0]["failoverPriority"] == 0
    assert props["publicNetworkAccess"] is None and cosmos["unresolved"] == ["properties.publicNetworkAccess"]
    search = ws["encryption_search_service"]  # named, but deployed elsewhere
    assert search["status"] == "error" and search["resource"] is None and "not declared in this infrastructure code" in search["message"]
    assert search["resource_id"] == f"{RG}/Microsoft.Search/searchServices/srch-evidence"
    storage = ws["encryption_storage_account"]  # the workspace's own account
    assert storage["status"] == "ok" and storage["resource"] == ws["storage_account"]["resource"]


def test_key_lifecycle_of_the_customer_managed_key(evidence: dict[str, Any]) -> None:
    """keyIdentifier is reference(<the key>).keyUriWithVersion, known only at deployment, yet it
    names the key the template declares: its expiry (dateTimeAdd on a literal base) and rotation."""
    ws = entry_of(evidence, "mlw-evidence")
    vault = f"{RG}/Microsoft.KeyVault/vaults/kv-evidence-cmk"
    assert "properties.encryption.keyVaultProperties.keyIdentifier" in ws["workspace"]["unresolved"]
    key = ws["cmk_key"]
    assert key["status"] == "ok" and key["resource_id"] == f"{vault}/keys/cmk-ws"
    assert key["resource"]["properties"]["attributes"] == {"enabled": True, "exp": 1803859200}  # 2027-03-01T00:00:00Z
    assert key["resource"]["properties"]["rotationPolicy"]["lifetimeActions"][0] == {"trigger": {"timeAfterCreate": "P11M"}, "action": {"type": "rotate"}}
    keys, secrets = ws["cmk_vault_keys"], ws["cmk_vault_secrets"]
    assert keys["status"] == secrets["status"] == "ok" and keys["vault_id"] == secrets["vault_id"] == vault
    assert [k["name"] for k in keys["items"]] == ["cmk-ws"]
    (secret,) = secrets["items"]
    assert secret == {"id": f"{vault}/secrets/db-password", "name": "db-password", "type": "Microsoft.KeyVault/vaults/secrets",
                      "properties": {"attributes": {"enabled": True, "exp": 1793491200}, "contentType": "text/plain"}}
    assert PLANTED not in json.dumps(evidence)  # not even "<redacted>" where the value was: it is not copied
    assert "properties.value" not in ws["source_locations"][secret["id"].lower()]["properties"]


def test_private_endpoints_become_connections_of_what_they_target(evidence: dict[str, Any]) -> None:
    ws = entry_of(evidence, "mlw-evidence")
    sections = ws["associated_private_endpoint_connections"]
    storage = sections[f"{RG}/Microsoft.Storage/storageAccounts/stmlevidence01".lower()]
    (blob,) = storage["items"]
    assert blob["type"] == "Microsoft.Storage/storageAccounts/privateEndpointConnections"
    assert blob["properties"] == {"privateEndpoint": {"id": f"{RG}/Microsoft.Network/privateEndpoints/pe-st-blob"},
                                  "privateLinkServiceConnectionState": {"status": "Approved", "description": "declared in infrastructure code", "actionRequired": "None"}}
    (vault,) = sections[f"{RG}/Microsoft.KeyVault/vaults/kv-evidence".lower()]["items"]
    assert set(vault) == {"id", "properties"}  # Key Vault's items carry no name or type
    assert vault["properties"]["privateLinkServiceConnectionState"]["status"] == "Pending"  # a manual connection
    (registry,) = sections[f"{RG}/Microsoft.ContainerRegistry/registries/crevidence".lower()]["items"]
    assert registry["properties"]["privateLinkServiceConnectionState"]["actionsRequired"] == "None"
    assert sections[f"{RG}/Microsoft.KeyVault/vaults/kv-evidence-cmk".lower()] == {
        "status": "ok", "api_version": "2024-11-01", "items": [], "message": storage["message"]}  # declared, no endpoint: none
    (ml,) = evidence["subscriptions"][0]["ml_registries"]["items"]
    (conn,) = ml["properties"]["registryPrivateEndpointConnections"]
    assert conn["properties"]["registryPrivateLinkServiceConnectionState"]["status"] == "Approved"


def test_datastores_their_accounts_and_the_role_assignments_on_them(evidence: dict[str, Any]) -> None:
    ws = entry_of(evidence, "mlw-evidence")
    lake = f"{RG}/Microsoft.Storage/storageAccounts/stlakepatients"
    own = f"{RG}/Microsoft.Storage/storageAccounts/stmlevidence01"
    targets = {t["datastore"]: t for t in ws["datastore_targets"]["items"]}
    assert targets["lake_patients"]["storage_account_id"] == lake
    assert targets["lake_patients"]["resolved_by"] == "storage account of that name declared in this infrastructure code"
    assert (targets["curated"]["storage_account_id"], targets["curated"]["resolved_by"]) == (own, "the workspace's storage account")
    accounts = ws["datastore_storage_accounts"]
    assert accounts[lake.lower()]["status"] == "ok" and accounts[lake.lower()]["datastores"] == ["lake_patients"]
    assert accounts[lake.lower()]["resource"]["location"] == "northeurope"
    roles = ws["datastore_role_assignments"][lake.lower()]
    assert roles["status"] == "error" and "known only to a live scan" in roles["message"]  # inherited assignments are not in a template
    assert roles["items"][0]["assignment"]["properties"]["principalId"] == "c3a9e5f1-8b26-4d70-9f4e-1b7d3a6c2e05"
    assert ws["datastore_role_assignments"][own.lower()] == ws["role_assignments"][own.lower()]


def test_blob_service_diagnostic_settings_and_where_they_send(evidence: dict[str, Any]) -> None:
    ws = entry_of(evidence, "mlw-evidence")
    diagnostics = ws["diagnostic_settings"]
    (own,) = diagnostics[f"{RG}/Microsoft.Storage/storageAccounts/stmlevidence01/blobServices/default".lower()]["items"]
    assert [log["category"] for log in own["properties"]["logs"]] == ["StorageRead", "StorageWrite", "StorageDelete"]
    (lake,) = diagnostics[f"{RG}/Microsoft.Storage/storageAccounts/stlakepatients/blobServices/default".lower()]["items"]
    assert lake["properties"]["logs"] == [{"categoryGroup": "audit", "enabled": True}]
    destinations = ws["log_analytics_destinations"]
    central = destinations[f"{RG}/Microsoft.OperationalInsights/workspaces/log-central".lower()]
    assert central["status"] == "ok" and central["resource"]["properties"]["retentionInDays"] == 30
    elsewhere = destinations[f"{RG}/Microsoft.OperationalInsights/workspaces/log-elsewhere".lower()]
    assert elsewhere["status"] == "error" and elsewhere["resource"] is None


def test_subscription_sections(evidence: dict[str, Any]) -> None:
    (sub,) = evidence["subscriptions"]
    assert sub["subscription_id"] == "00000000-0000-0000-0000-000000000000"
    assert sub["defender_pricings"]["status"] == "error" and "known only to a live scan" in sub["defender_pricings"]["message"]
    assert sub["ml_registries"]["status"] == "ok" and "known only to a live scan" in sub["ml_registries"]["message"]
    registry = f"{RG}/Microsoft.MachineLearningServices/registries/mlreg-evidence".lower()
    assert sub["ml_registry_role_assignments"][registry]["status"] == "error"
    ws = entry_of(evidence, "mlw-evidence")
    assert registry in ws["source_locations"]  # a registry judged in the workspace's context points at its lines


def test_defender_plans_of_a_subscription_scope_template() -> None:
    snapshot = template_snapshot(DATA / "defender-subscription.json")
    validate_snapshot(snapshot, "defender-subscription.json")
    (sub,) = snapshot["subscriptions"]
    plans = {p["name"]: p for p in sub["defender_pricings"]["items"]}
    assert sub["defender_pricings"]["status"] == "ok" and sorted(plans) == ["KeyVaults", "StorageAccounts"]
    assert plans["StorageAccounts"]["id"] == f"{SUB}/providers/Microsoft.Security/pricings/StorageAccounts"  # subscription-level ids
    assert plans["StorageAccounts"]["properties"]["extensions"][1] == {"name": "SensitiveDataDiscovery", "isEnabled": "False"}  # a string in this API
    assert plans["KeyVaults"]["properties"]["pricingTier"] == "Standard"
    ws = entry_of(snapshot, "mlw-sub")  # the nested deployment names its resource group
    assert ws["id"] == f"{SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-sub"
    assert ws["workspace"]["resource"]["properties"]["storageAccount"] == f"{SUB}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stsub01"


def test_resource_group_function_in_a_subscription_scope_template_is_refused(tmp_path: Path) -> None:
    template = json.loads((DATA / "defender-subscription.json").read_text())
    template["resources"][1]["properties"]["subPlan"] = "[resourceGroup().name]"
    bad = tmp_path / "sub.json"
    bad.write_text(json.dumps(template))
    code, _, _ = scan(tmp_path, "--template", str(bad))
    assert code == 2


def test_a_template_holding_only_a_private_endpoint_gets_a_workspace_entry(tmp_path: Path) -> None:
    workspace = "/subscriptions/3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-Shared"
    template = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
                "resources": [{"type": "Microsoft.Network/privateEndpoints", "apiVersion": "2024-05-01", "name": "pe-ws", "location": "westeurope",
                               "properties": {"subnet": {"id": "/subscriptions/x/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/s"},
                                              "privateLinkServiceConnections": [{"name": "amlworkspace", "properties": {"privateLinkServiceId": workspace, "groupIds": ["amlworkspace"]}}]}}]}
    path = tmp_path / "pe.json"
    path.write_text(json.dumps(template))
    snapshot = template_snapshot(path)
    validate_snapshot(snapshot, "pe.json")
    (entry,) = snapshot["workspaces"]
    assert entry["id"] == workspace  # as the template spells it
    assert entry["workspace"]["status"] == "error" and "a private endpoint connects to it" in entry["workspace"]["message"]
    (conn,) = entry["private_endpoint_connections"]["items"]
    assert conn["properties"]["privateLinkServiceConnectionState"]["status"] == "Approved"
    code, results, _ = scan(tmp_path, "--template", str(path), "--fail-on", "none")
    assert code == 0 and results["summary"]["workspaces"] == 1


def test_what_if_fills_the_same_sections(tmp_path: Path) -> None:
    vault = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-cmk"
    ws = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw-wi"
    st = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stwi"
    changes = [
        {"changeType": "Create", "resourceId": ws, "after": {"type": "Microsoft.MachineLearningServices/workspaces", "name": "mlw-wi", "apiVersion": "2025-12-01",
                                                             "properties": {"storageAccount": st, "encryption": {"status": "Enabled", "keyVaultProperties": {
                                                                 "keyVaultArmId": vault, "keyIdentifier": "https://kv-cmk.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef"}}}}},
        {"changeType": "Create", "resourceId": st, "after": {"type": "Microsoft.Storage/storageAccounts", "name": "stwi", "properties": {"publicNetworkAccess": "Disabled"}}},
        {"changeType": "NoChange", "resourceId": vault, "after": {"type": "Microsoft.KeyVault/vaults", "name": "kv-cmk", "properties": {"enablePurgeProtection": True}}},
        {"changeType": "Create", "resourceId": f"{vault}/keys/cmk", "after": {"type": "Microsoft.KeyVault/vaults/keys", "name": "cmk",
                                                                              "properties": {"kty": "RSA", "attributes": {"exp": "[dateTimeToEpoch(dateTimeAdd(utcNow(), 'P1Y'))]"}}}},
        {"changeType": "Create", "resourceId": f"{vault}/secrets/api", "after": {"type": "Microsoft.KeyVault/vaults/secrets", "name": "api",
                                                                                 "properties": {"value": PLANTED, "attributes": {"enabled": True}}}},
        {"changeType": "Create", "resourceId": f"{st}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings/audit",
         "after": {"type": "Microsoft.Insights/diagnosticSettings", "name": "audit", "properties": {"workspaceId": "[reference('x').id]", "logs": [{"categoryGroup": "audit", "enabled": True}]}}},
        {"changeType": "Create", "resourceId": "/subscriptions/s/providers/Microsoft.Security/pricings/AI",
         "after": {"type": "Microsoft.Security/pricings", "name": "AI", "properties": {"pricingTier": "Standard"}}},
    ]
    path = tmp_path / "wi.json"
    path.write_text(json.dumps({"status": "Succeeded", "changes": changes}))
    snapshot = what_if_snapshot(path)
    validate_snapshot(snapshot, "wi.json")
    assert PLANTED not in json.dumps(snapshot)
    entry = entry_of(snapshot, "mlw-wi")
    assert entry["cmk_key"]["status"] == "ok" and entry["cmk_key"]["unresolved"] == ["properties.attributes.exp"]  # what-if could not evaluate it
    assert entry["cmk_vault_secrets"]["items"][0]["properties"] == {"attributes": {"enabled": True}}
    (setting,) = entry["diagnostic_settings"][f"{st}/blobServices/default".lower()]["items"]
    assert entry["diagnostic_settings"][f"{st}/blobServices/default".lower()]["unresolved"] == ["items[0].properties.workspaceId"]
    assert entry["log_analytics_destinations"] == {}  # the destination is not known: the setting's own path says unresolved
    subs = {s["subscription_id"]: s for s in snapshot["subscriptions"]}
    assert [p["name"] for p in subs["s"]["defender_pricings"]["items"]] == ["AI"]


def test_date_functions() -> None:
    from scanner.iac.arm_deployments import template_frame
    from scanner.iac.arm_expressions import Context, ExpressionError, Scope, Unresolved

    ctx = Context(frame=template_frame({}, {}, Scope(), "t.json"))
    assert ctx.evaluate("[dateTimeAdd('2026-01-31T10:00:00Z', 'P1M')]") == "2026-02-28T10:00:00Z"  # calendar months, clamped
    assert ctx.evaluate("[dateTimeAdd('2026-03-01T00:00:00.0000000Z', '-P1DT2H')]") == "2026-02-27T22:00:00Z"
    assert ctx.evaluate("[dateTimeToEpoch('2027-03-01T00:00:00Z')]") == 1803859200
    assert ctx.evaluate("[dateTimeFromEpoch(1803859200)]") == "2027-03-01T00:00:00Z"
    assert isinstance(ctx.evaluate("[dateTimeToEpoch(dateTimeAdd(utcNow(), 'P1Y'))]"), Unresolved)
    with pytest.raises(ExpressionError):
        ctx.evaluate("[dateTimeAdd('2026-01-01T00:00:00Z', '1 year')]")


def test_a_folder_merges_the_subscription_entries_of_its_files(tmp_path: Path) -> None:
    """Two files in the same (placeholder) subscription: one entry, with what either declares."""
    from scanner.iac.discover import folder_snapshot

    folder = tmp_path / "infra"
    folder.mkdir()
    for name in ("evidence-workspace.json", "defender-subscription.json"):
        (folder / name).write_text((DATA / name).read_text())
    snapshot = folder_snapshot(folder).data
    validate_snapshot(snapshot, "infra")
    (sub,) = snapshot["subscriptions"]
    assert sub["defender_pricings"]["status"] == "ok" and len(sub["defender_pricings"]["items"]) == 2
    assert sub["ml_registries"]["status"] == "ok" and [r["name"] for r in sub["ml_registries"]["items"]] == ["mlreg-evidence"]
    assert sorted(w["id"].rsplit("/", 1)[-1] for w in snapshot["workspaces"]) == ["mlw-evidence", "mlw-sub"]


def test_merged_lists_keep_their_unresolved_paths_on_their_items() -> None:
    from scanner.iac.subscriptions import merge_subscriptions

    def entry(items: list[dict[str, Any]], unresolved: list[str]) -> dict[str, Any]:
        plans = {"status": "ok", "items": items, **({"unresolved": unresolved} if unresolved else {})}
        return {"subscription_id": "S", "defender_pricings": plans, "ml_registries": {"status": "error", "items": []}, "ml_registry_role_assignments": {}}

    merged = merge_subscriptions([entry([{"id": "/a"}], []), entry([{"id": "/A"}, {"id": "/b"}], ["items[0].properties.x", "items[1].properties.pricingTier"])])
    (sub,) = merged
    assert sub["defender_pricings"]["items"] == [{"id": "/a"}, {"id": "/b"}]  # ids compare case-insensitively
    assert sub["defender_pricings"]["unresolved"] == ["items[1].properties.pricingTier"]
    assert sub["ml_registries"]["status"] == "error"
