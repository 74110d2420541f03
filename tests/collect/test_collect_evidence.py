"""Issue 14's evidence sections, end to end against the replay (real Azure SDK pipeline): what they hold,
where they come from, how failures are recorded, and that key lifecycle reads stay metadata-only."""

from __future__ import annotations

import copy
import json

import pytest

from tests.collect.conftest import ALPHA, BETA, GAMMA
from tests.collect.helpers import assert_read_only, leaked_secrets, run_cli, schema_errors
from tests.collect.replay import LAKE, LAKE_RG, LAW, LAW_RG, REGISTRY, REGISTRY_RG, SUB_MAIN, Response
from tests.collect.test_collect_e2e import by_name, collect_args

REFUSED = Response(403, {"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization to perform this action."}})
GONE = Response(404, {"error": {"code": "ResourceNotFound", "message": "The Resource was not found."}})
LAKE_ID = f"/subscriptions/{SUB_MAIN}/resourceGroups/{LAKE_RG}/providers/Microsoft.Storage/storageAccounts/{LAKE}"
LAW_ID = f"/subscriptions/{SUB_MAIN}/resourceGroups/{LAW_RG}/providers/Microsoft.OperationalInsights/workspaces/{LAW}"
REGISTRY_ID = f"/subscriptions/{SUB_MAIN}/resourceGroups/{REGISTRY_RG}/providers/Microsoft.MachineLearningServices/registries/{REGISTRY}"


def _collect(server, ca_bundle, out, *extra):
    before = len(server.tenant.seen)
    assert run_cli(collect_args(server, ca_bundle, out, "--subscription", SUB_MAIN, *extra)) == 0
    snapshot = json.loads(out.read_text("utf-8"))
    assert schema_errors(snapshot) == []
    return snapshot, server.tenant.seen[before:]


@pytest.mark.parametrize("discovery", ["arm", "resource-graph"])
def test_evidence_sections(clean_replay, ca_bundle, arm_token, tmp_path, discovery):
    snapshot, seen = _collect(clean_replay, ca_bundle, tmp_path / "snap.json", "--discovery", discovery)
    alpha = by_name(snapshot)["mlw-alpha"]

    # resources named by the encryption settings
    cosmos = alpha["encryption_cosmos_db"]["resource"]["properties"]
    assert cosmos["keyVaultKeyUri"] == f"https://{ALPHA.kv}.vault.azure.net/keys/cmk"
    assert cosmos["publicNetworkAccess"] == "Disabled" and cosmos["disableLocalAuth"] is True
    assert cosmos["privateEndpointConnections"][0]["properties"]["privateLinkServiceConnectionState"]["status"] == "Approved"
    assert alpha["encryption_search_service"]["resource"]["properties"]["encryptionWithCmk"]["enforcement"] == "Enabled"
    assert alpha["encryption_storage_account"]["resource"]["name"] == f"{ALPHA.st}byo"

    # private endpoint connections of the associated resources, from their bodies
    endpoints = alpha["associated_private_endpoint_connections"]
    kv_id = ALPHA.res("Microsoft.KeyVault/vaults", ALPHA.kv)
    acr_id = ALPHA.res("Microsoft.ContainerRegistry/registries", ALPHA.acr)
    assert sorted(endpoints) == sorted(i.lower() for i in (ALPHA.storage_id, kv_id, acr_id))  # the CMK vault is the key vault
    for section in endpoints.values():
        assert section["status"] == "ok" and len(section["items"]) == 1 and "derived from properties.privateEndpointConnections" in section["message"]
        assert section["items"][0]["properties"]["privateLinkServiceConnectionState"]["status"] == "Approved"
    assert not [r for r in seen if r.path.lower().endswith("/privateendpointconnections") and "/workspaces/" not in r.path.lower()]

    # datastores -> storage accounts, role assignments on each, blob audit settings of each
    targets = {t["datastore"]: t for t in alpha["datastore_targets"]["items"]}
    assert targets["workspaceblobstore"]["storage_account_id"] == ALPHA.storage_id
    assert targets["workspaceblobstore"]["resolved_by"] == "the workspace's storage account"
    assert targets["lake_patients"]["storage_account_id"] == LAKE_ID
    assert targets["lake_patients"]["resolved_by"] == "datastore subscriptionId and resourceGroup"
    accounts = alpha["datastore_storage_accounts"]
    assert sorted(accounts) == sorted([ALPHA.storage_id.lower(), LAKE_ID.lower()])
    assert accounts[ALPHA.storage_id.lower()]["datastores"] == ["curated", "workspaceblobstore"]
    assert accounts[LAKE_ID.lower()]["datastores"] == ["lake_patients"]
    lake = accounts[LAKE_ID.lower()]["resource"]
    assert lake["properties"]["secondaryLocation"] == "northeurope" and lake["location"] == "westeurope"
    roles = alpha["datastore_role_assignments"]
    assert sorted(roles) == sorted(accounts)
    assert roles[ALPHA.storage_id.lower()]["items"] == alpha["role_assignments"][ALPHA.storage_id.lower()]["items"]
    at_lake = [i for i in roles[LAKE_ID.lower()]["items"] if not i.get("inherited_from")]
    assert [i["role_definition"]["properties"]["roleName"] for i in at_lake] == ["Storage Blob Data Contributor"]
    assert alpha["diagnostic_settings"][f"{LAKE_ID}/blobServices/default".lower()]["status"] == "ok"

    # where the diagnostic settings send their logs
    assert list(alpha["log_analytics_destinations"]) == [LAW_ID.lower()]
    assert alpha["log_analytics_destinations"][LAW_ID.lower()]["resource"]["properties"]["retentionInDays"] == 365

    # key lifecycle: the key, then the vault's keys and secrets (metadata only)
    key = alpha["cmk_key"]["resource"]
    assert key["id"] == f"{kv_id}/keys/cmk" and key["properties"]["attributes"]["exp"] == 1798761600
    assert [a["action"]["type"] for a in key["properties"]["rotationPolicy"]["lifetimeActions"]] == ["rotate", "notify"]
    assert alpha["cmk_vault_keys"]["vault_id"] == alpha["cmk_vault_secrets"]["vault_id"] == kv_id
    assert [k["name"] for k in alpha["cmk_vault_keys"]["items"]] == ["cmk", "legacy-signing"]
    secrets = alpha["cmk_vault_secrets"]["items"]
    assert [s["name"] for s in secrets] == ["ws-connection-git", "legacy-api-token"]
    assert [sorted(s["properties"]) for s in secrets] == [["attributes", "contentType"], ["attributes"]]
    assert secrets[0]["properties"]["attributes"]["exp"] == 1782864000

    # subscription: Defender plans, ML registries and who may use them
    sub = snapshot["subscriptions"][0]
    plans = {p["name"]: p["properties"] for p in sub["defender_pricings"]["items"]}
    assert {name: plans[name]["pricingTier"] for name in ("Containers", "StorageAccounts", "KeyVaults", "AI")} == {
        "Containers": "Standard", "StorageAccounts": "Standard", "KeyVaults": "Standard", "AI": "Free"}
    (registry,) = sub["ml_registries"]["items"]
    assert [r["location"] for r in registry["properties"]["regionDetails"]] == ["westeurope", "northeurope"]
    assert registry["properties"]["publicNetworkAccess"] == "Disabled"
    assert list(sub["ml_registry_role_assignments"]) == [REGISTRY_ID.lower()]
    assert sub["ml_registry_role_assignments"][REGISTRY_ID.lower()]["status"] == "ok"

    # initiatives expanded, effects resolved against the assignment
    resolved = alpha["policy_assignments"]["resolved_policies"]
    by_name_ = {aid.rsplit("/", 1)[-1]: entries for aid, entries in resolved.items()}
    assert [(e["effect"], e["effect_source"]) for e in by_name_["aml-no-public-access"]] == [("Deny", "assignment")]
    assert [(e["effect"], e["effect_source"]) for e in by_name_["aml-cmk"]] == [("Audit", "definition default")]
    guardrails = {e["reference_id"]: e for e in by_name_["aml-guardrails"]}
    assert {r: (e["effect"], e["effect_source"]) for r, e in guardrails.items()} == {
        "workspacePublicNetwork": ("Deny", "assignment"),
        "workspaceCmk": ("Audit", "set member"),
        "allowedLocations": ("deny", "definition"),
        "approvedRegistryModels": ("Disabled", "assignment override"),
        "cosmosPublicAccess": ("Deny", "definition default"),
    }
    assert guardrails["allowedLocations"]["parameters"] == {"listOfAllowedLocations": ["westeurope", "northeurope"]}
    assert "policy_rule" in guardrails["cosmosPublicAccess"] and "policy_rule" not in guardrails["allowedLocations"]
    assert sub["policy_assignments"]["resolved_policies"] == {k: v for k, v in resolved.items() if "/resourcegroups/" not in k}

    # read-only, metadata only: nothing but these reads under the vault, never one secret
    text = (tmp_path / "snap.json").read_text("utf-8")
    assert leaked_secrets(text, arm_token) == [] and "secretUri" not in text
    assert_read_only(seen)
    under_vault = sorted({r.path[len(kv_id):] for r in seen if r.path.lower().startswith(kv_id.lower())})
    expected = ["/keys", "/keys/cmk", "/providers/Microsoft.Insights/diagnosticSettings", "/secrets"]
    if discovery == "arm":  # the vault and its locks come from Resource Graph otherwise
        expected = sorted(["", "/providers/Microsoft.Authorization/locks", *expected])
    assert under_vault == expected


def test_private_endpoint_connections_read_when_the_body_lacks_them(clean_replay, ca_bundle, arm_token, tmp_path):
    """Key Vault leaves privateEndpointConnections out of a vault that has none: absence is not taken
    for "none"; the list is read, and a refusal there stays forbidden."""
    tenant = clean_replay.tenant
    for w, listed in ((BETA, Response(body={"value": []})), (GAMMA, REFUSED)):
        vault = w.res("Microsoft.KeyVault/vaults", w.kv)
        body = copy.deepcopy(tenant.routes[("GET", vault.lower(), "")][0].body)
        del body["properties"]["privateEndpointConnections"]
        tenant.add(vault, Response(body=body))
        tenant.add(f"{vault}/privateEndpointConnections", listed)
    for discovery in ("arm", "resource-graph"):
        snapshot, seen = _collect(clean_replay, ca_bundle, tmp_path / f"{discovery}.json", "--discovery", discovery)
        ws = by_name(snapshot)
        beta = ws["mlw-beta"]["associated_private_endpoint_connections"][BETA.res("Microsoft.KeyVault/vaults", BETA.kv).lower()]
        assert beta["status"] == "ok" and beta["items"] == [] and beta["api_version"] == "2024-11-01" and "derived" not in (beta.get("message") or "")
        gamma = ws["mlw-gamma"]["associated_private_endpoint_connections"][GAMMA.res("Microsoft.KeyVault/vaults", GAMMA.kv).lower()]
        assert gamma["status"] == "forbidden" and "AuthorizationFailed" in gamma["message"]
        alpha = ws["mlw-alpha"]["associated_private_endpoint_connections"][ALPHA.res("Microsoft.KeyVault/vaults", ALPHA.kv).lower()]
        assert alpha["status"] == "ok" and "derived" in alpha["message"]
        lists = sorted(r.owner for r in seen if r.path.lower().endswith("/privateendpointconnections") and "/vaults/" in r.path.lower())
        assert lists == ["mlw-beta", "mlw-gamma"]


def test_failures_are_recorded_on_their_sections(clean_replay, ca_bundle, arm_token, tmp_path):
    tenant = clean_replay.tenant
    a_vault, b_vault = ALPHA.res("Microsoft.KeyVault/vaults", ALPHA.kv), BETA.res("Microsoft.KeyVault/vaults", BETA.kv)
    tenant.add(f"{a_vault}/secrets", REFUSED)  # no Microsoft.KeyVault/vaults/secrets/read
    tenant.add(f"{a_vault}/keys/cmk", GONE)  # the key named by the workspace was deleted
    tenant.add(ALPHA.byo_ids["cosmos_db_account.json"], GONE)
    tenant.add(b_vault, GONE)  # beta's vault (its CMK vault too) is gone: no key lifecycle reads at all
    tenant.add(f"/subscriptions/{SUB_MAIN}/providers/Microsoft.Security/pricings", REFUSED)
    tenant.add(f"/subscriptions/{SUB_MAIN}/providers/Microsoft.MachineLearningServices/registries", REFUSED)
    tenant.add(LAKE_ID, REFUSED)
    tenant.add(f"{GAMMA.id}/datastores", REFUSED)
    snapshot, seen = _collect(clean_replay, ca_bundle, tmp_path / "snap.json")
    ws = by_name(snapshot)
    alpha, beta, gamma = ws["mlw-alpha"], ws["mlw-beta"], ws["mlw-gamma"]
    assert alpha["cmk_vault_secrets"]["status"] == "forbidden" and alpha["cmk_vault_secrets"]["items"] == []
    assert alpha["cmk_vault_secrets"]["vault_id"] == a_vault
    assert alpha["cmk_vault_keys"]["status"] == "ok"
    assert alpha["cmk_key"]["status"] == "not_found" and alpha["cmk_key"]["resource_id"] == f"{a_vault}/keys/cmk"
    assert alpha["encryption_cosmos_db"]["status"] == "not_found"
    for key in ("cmk_key", "cmk_vault_keys", "cmk_vault_secrets"):
        assert beta[key]["status"] == "not_found" and "customer-managed key vault could not be read" in beta[key]["message"]
    assert not [r for r in seen if r.path.lower().startswith(b_vault.lower() + "/")]
    assert beta["associated_private_endpoint_connections"][b_vault.lower()]["status"] == "not_found"
    lake = alpha["datastore_storage_accounts"][LAKE_ID.lower()]
    assert lake["status"] == "forbidden" and lake["datastores"] == ["lake_patients"]
    assert alpha["datastore_role_assignments"][LAKE_ID.lower()]["status"] == "forbidden"
    assert alpha["diagnostic_settings"][f"{LAKE_ID}/blobServices/default".lower()]["status"] == "forbidden"
    assert gamma["datastore_targets"]["status"] == "forbidden" and gamma["datastore_storage_accounts"] == {}
    sub = snapshot["subscriptions"][0]
    assert sub["defender_pricings"]["status"] == "forbidden" and sub["ml_registries"]["status"] == "forbidden"
    assert sub["ml_registry_role_assignments"] == {}


def test_registries_fall_back_to_the_list_when_the_graph_did_not_cover_them(clean_replay, ca_bundle, arm_token, tmp_path, monkeypatch):
    import scanner.collect.graph as graph_module

    arm, _ = _collect(clean_replay, ca_bundle, tmp_path / "arm.json")
    monkeypatch.setattr(graph_module.GraphIndex, "registries_in", lambda self, sub: None)
    graph, seen = _collect(clean_replay, ca_bundle, tmp_path / "graph.json", "--discovery", "resource-graph")
    got, expected = graph["subscriptions"][0]["ml_registries"], arm["subscriptions"][0]["ml_registries"]
    assert got == expected and got["api_version"] == "2025-12-01"
    assert [r.path for r in seen if r.path.lower().endswith("/microsoft.machinelearningservices/registries")] == [
        f"/subscriptions/{SUB_MAIN}/providers/Microsoft.MachineLearningServices/registries"]
