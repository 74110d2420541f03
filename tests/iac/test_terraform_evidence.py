"""Issue 14's sections from Terraform plans: azurerm_cosmosdb_account, key vault keys and secrets,
private endpoints to storage / vault / registry, diagnostic settings on a blob service, Defender
plans and Azure ML datastores, with the azurerm (v4) provider defaults. Secrets in the plan (it
holds sensitive values in clear text) never reach the snapshot."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scanner.iac.terraform_plan import plan_snapshot
from scanner.snapshot.load import validate_snapshot

SUB = "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f"
RG = f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers"
PLANTED = ("Planted-Secret-Value-7f3a9c", "planted-account-key-1b2c3d==", "sv=2024&sig=plantedSASsignature")
WS = f"{RG}/Microsoft.MachineLearningServices/workspaces/mlw-tf"
ST = f"{RG}/Microsoft.Storage/storageAccounts/sttfdata01"
LAKE = f"/subscriptions/{SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stlake"
VAULT = f"{RG}/Microsoft.KeyVault/vaults/kv-tf-cmk"


def change(address: str, after: dict[str, Any], unknown: dict[str, Any] | None = None) -> dict[str, Any]:
    type_, name = address.split(".")[-2:]
    return {"address": address, "mode": "managed", "type": type_, "name": name,
            "change": {"actions": ["create"], "after": after, "after_unknown": unknown or {}, "after_sensitive": {}}}


def config(address: str, expressions: dict[str, Any]) -> dict[str, Any]:
    type_, name = address.split(".")
    return {"address": address, "type": type_, "name": name, "expressions": expressions}


def ref(*targets: str) -> dict[str, Any]:
    return {"references": list(targets)}


def plan() -> dict[str, Any]:
    base = {"resource_group_name": "rg-ml", "location": "westeurope"}
    changes = [
        change("azurerm_storage_account.data", {**base, "name": "sttfdata01", "account_tier": "Standard", "account_replication_type": "ZRS"}, {"id": True}),
        change("azurerm_key_vault.cmk", {**base, "name": "kv-tf-cmk", "sku_name": "premium", "tenant_id": "t", "purge_protection_enabled": True}, {"id": True}),
        change("azurerm_key_vault_key.cmk", {"name": "cmk-tf", "key_type": "RSA-HSM", "key_size": 3072, "key_opts": ["wrapKey", "unwrapKey"],
                                             "expiration_date": "2027-03-01T00:00:00Z",
                                             "rotation_policy": [{"expire_after": "P1Y", "notify_before_expiry": "P30D",
                                                                  "automatic": [{"time_after_creation": "P11M", "time_before_expiry": None}]}]},
               {"key_vault_id": True, "id": True, "versionless_id": True}),
        change("azurerm_key_vault_key.other", {"name": "no-rotation", "key_type": "RSA", "key_size": 2048, "key_opts": ["sign"]}, {"key_vault_id": True}),
        change("azurerm_key_vault_secret.db", {"name": "db-password", "value": PLANTED[0], "content_type": "password", "expiration_date": None}, {"key_vault_id": True}),
        change("azurerm_machine_learning_workspace.ws", {**base, "name": "mlw-tf", "public_network_access_enabled": False, "high_business_impact": True,
                                                         "encryption": [{"key_vault_id": None, "key_id": None, "user_assigned_identity_id": None}]},
               {"storage_account_id": True, "encryption": [{"key_vault_id": True, "key_id": True}]}),
        change("azurerm_cosmosdb_account.byo", {**base, "name": "cosmos-tf", "offer_type": "Standard", "key_vault_key_id": "https://kv-tf-cmk.vault.azure.net/keys/cmk-tf",
                                                "local_authentication_disabled": True, "ip_range_filter": ["10.0.0.0/16"],
                                                "geo_location": [{"location": "westeurope", "failover_priority": 0, "zone_redundant": False}],
                                                "consistency_policy": [{"consistency_level": "Session", "max_interval_in_seconds": 5, "max_staleness_prefix": 100}]}),
        change("azurerm_private_endpoint.st", {**base, "name": "pe-st", "subnet_id": "/s", "private_service_connection": [
            {"name": "blob", "private_connection_resource_id": None, "subresource_names": ["blob"], "is_manual_connection": False}]},
               {"private_service_connection": [{"private_connection_resource_id": True}]}),
        change("azurerm_private_endpoint.kv", {**base, "name": "pe-kv", "subnet_id": "/s", "private_service_connection": [
            {"name": "vault", "private_connection_resource_id": None, "subresource_names": ["vault"], "is_manual_connection": True}]},
               {"private_service_connection": [{"private_connection_resource_id": True}]}),
        change("azurerm_monitor_diagnostic_setting.blob_known", {"name": "lake-audit", "target_resource_id": f"{LAKE}/blobServices/default",
                                                                 "log_analytics_workspace_id": f"{RG}/Microsoft.OperationalInsights/workspaces/log-central",
                                                                 "enabled_log": [{"category": "StorageRead"}, {"category": "StorageWrite"}, {"category": "StorageDelete"}]}),
        change("azurerm_monitor_diagnostic_setting.blob_unknown", {"name": "data-audit", "target_resource_id": None,
                                                                   "enabled_log": [{"category_group": "audit"}]}, {"target_resource_id": True}),
        change("azurerm_security_center_subscription_pricing.storage", {"tier": "Standard", "resource_type": "StorageAccounts", "subplan": "DefenderForStorageV2",
                                                                        "extension": [{"name": "OnUploadMalwareScanning", "additional_extension_properties": {"CapGBPerMonthPerStorageAccount": "5000"}}]}),
        change("azurerm_security_center_subscription_pricing.default", {"tier": "Free"}),
        change("azurerm_machine_learning_datastore_blobstorage.keyed", {"name": "keyed", "account_key": PLANTED[1],
                                                                        "storage_container_id": f"{LAKE}/blobServices/default/containers/raw"}, {"workspace_id": True}),
        change("azurerm_machine_learning_datastore_datalake_gen2.lake", {"name": "lake", "storage_container_id": None}, {"workspace_id": True, "storage_container_id": True}),
        change("azurerm_machine_learning_datastore_fileshare.share", {"name": "share", "shared_access_signature": PLANTED[2],
                                                                      "storage_fileshare_id": f"{LAKE}/fileServices/default/shares/notes"}, {"workspace_id": True}),
    ]
    resources = [
        config("azurerm_machine_learning_workspace.ws", {"storage_account_id": ref("azurerm_storage_account.data.id", "azurerm_storage_account.data"),
                                                         "encryption": [{"key_vault_id": ref("azurerm_key_vault.cmk.id"), "key_id": ref("azurerm_key_vault_key.cmk.id")}]}),
        config("azurerm_key_vault_key.cmk", {"key_vault_id": ref("azurerm_key_vault.cmk.id")}),
        config("azurerm_key_vault_key.other", {"key_vault_id": ref("azurerm_key_vault.cmk.id")}),
        config("azurerm_key_vault_secret.db", {"key_vault_id": ref("azurerm_key_vault.cmk.id")}),
        config("azurerm_private_endpoint.st", {"private_service_connection": [{"private_connection_resource_id": ref("azurerm_storage_account.data.id")}]}),
        config("azurerm_private_endpoint.kv", {"private_service_connection": [{"private_connection_resource_id": ref("azurerm_key_vault.cmk.id")}]}),
        config("azurerm_monitor_diagnostic_setting.blob_unknown", {"target_resource_id": ref("azurerm_storage_account.data.id", "azurerm_storage_account.data")}),
        *(config(f"azurerm_machine_learning_datastore_{kind}", {"workspace_id": ref("azurerm_machine_learning_workspace.ws.id")})
          for kind in ("blobstorage.keyed", "datalake_gen2.lake", "fileshare.share")),
        config("azurerm_machine_learning_datastore_datalake_gen2.lake", {"workspace_id": ref("azurerm_machine_learning_workspace.ws.id"),
                                                                          "storage_container_id": ref("azurerm_storage_container.lake.resource_manager_id")}),
    ]
    return {"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": changes,
            "configuration": {"provider_config": {"azurerm": {"expressions": {"subscription_id": {"constant_value": SUB}}}}, "root_module": {"resources": resources}}}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("tf") / "plan.json"
    path.write_text(json.dumps(plan(), indent=1))
    data = plan_snapshot(path)
    validate_snapshot(data, "plan.json")
    return data


def test_no_secret_of_the_plan_reaches_the_snapshot(snapshot: dict[str, Any]) -> None:
    text = json.dumps(snapshot)
    assert not [p for p in PLANTED if p in text]


def test_key_and_secret_metadata(snapshot: dict[str, Any]) -> None:
    (ws,) = snapshot["workspaces"]
    key = ws["cmk_key"]  # key_id is known after apply, but the configuration names azurerm_key_vault_key.cmk
    assert key["status"] == "ok" and key["resource_id"] == f"{VAULT}/keys/cmk-tf"
    props = key["resource"]["properties"]
    assert props["attributes"] == {"enabled": True, "exp": 1803859200}
    assert props["rotationPolicy"] == {"attributes": {"expiryTime": "P1Y"}, "lifetimeActions": [
        {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "notify"}}, {"trigger": {"timeAfterCreate": "P11M"}, "action": {"type": "rotate"}}]}
    keys = {k["name"]: k for k in ws["cmk_vault_keys"]["items"]}
    assert "rotationPolicy" not in keys["no-rotation"]["properties"] and keys["no-rotation"]["properties"]["attributes"] == {"enabled": True}  # no expiry set
    (secret,) = ws["cmk_vault_secrets"]["items"]
    assert secret == {"id": f"{VAULT}/secrets/db-password", "name": "db-password", "type": "Microsoft.KeyVault/vaults/secrets",
                      "properties": {"attributes": {"enabled": True}, "contentType": "password"}}


def test_cosmos_db_account_with_provider_defaults() -> None:
    """azurerm's workspace names no Cosmos DB account (the section stays nothing linked); the
    account itself maps with the provider's defaults."""
    from scanner.iac.terraform_extensions import ADAPTERS

    values = plan()["resource_changes"][6]["change"]["after"]
    cosmos = ADAPTERS["azurerm_cosmosdb_account"](values, lambda attr, v: v, f"{RG}/Microsoft.DocumentDB/databaseAccounts/cosmos-tf").resource
    props = cosmos["properties"]
    assert cosmos["kind"] == "GlobalDocumentDB"
    assert props["publicNetworkAccess"] == "Enabled" and props["disableLocalAuth"] is True  # public access absent: the provider's default
    assert props["disableKeyBasedMetadataWriteAccess"] is False and props["networkAclBypass"] == "None" and props["minimalTlsVersion"] == "Tls12"
    assert props["keyVaultKeyUri"] == "https://kv-tf-cmk.vault.azure.net/keys/cmk-tf" and props["ipRules"] == [{"ipAddressOrRange": "10.0.0.0/16"}]
    assert props["locations"] == [{"locationName": "westeurope", "failoverPriority": 0, "isZoneRedundant": False}]


def test_private_endpoints_to_storage_and_vault(snapshot: dict[str, Any]) -> None:
    (ws,) = snapshot["workspaces"]
    sections = ws["associated_private_endpoint_connections"]
    (blob,) = sections[ST.lower()]["items"]
    assert blob["properties"]["privateLinkServiceConnectionState"] == {"status": "Approved", "description": "declared in infrastructure code", "actionRequired": "None"}
    (vault,) = sections[VAULT.lower()]["items"]
    assert vault["properties"]["privateLinkServiceConnectionState"]["status"] == "Pending"


def test_blob_service_diagnostic_settings(snapshot: dict[str, Any]) -> None:
    """A setting on a known blob service id is attached to it; one whose target is known only after
    apply (a reference to an account the plan creates) may be for any of the account's services, so
    that account's blob service is unknown, not without audit logs."""
    (ws,) = snapshot["workspaces"]
    diagnostics = ws["diagnostic_settings"]
    lake_blob = diagnostics[f"{LAKE}/blobServices/default".lower()]
    (lake,) = lake_blob["items"]  # the account is not in the plan: its declared setting is kept, the section says unknown
    assert lake_blob["status"] == "error" and "known only to a live scan" in lake_blob["message"]
    assert [log["category"] for log in lake["properties"]["logs"]] == ["StorageRead", "StorageWrite", "StorageDelete"]
    own = diagnostics[f"{ST}/blobServices/default".lower()]
    assert own["status"] == "error" and "data-audit" in own["message"] and "known only after apply" in own["message"]
    assert diagnostics[ST.lower()]["items"] == []  # not taken for the account's own settings either
    assert list(ws["log_analytics_destinations"]) == [f"{RG}/Microsoft.OperationalInsights/workspaces/log-central".lower()]


def test_datastores_credentials_type_and_accounts(snapshot: dict[str, Any]) -> None:
    (ws,) = snapshot["workspaces"]
    stores = {d["name"]: d["properties"] for d in ws["datastores"]["items"]}
    assert stores["keyed"]["credentials"] == {"credentialsType": "AccountKey"} and stores["keyed"]["containerName"] == "raw"
    assert stores["share"]["credentials"] == {"credentialsType": "Sas"} and stores["share"]["fileShareName"] == "notes"
    assert stores["lake"]["credentials"] == {"credentialsType": "None"} and stores["lake"]["datastoreType"] == "AzureDataLakeGen2"
    targets = {t["datastore"]: t for t in ws["datastore_targets"]["items"]}
    assert targets["keyed"]["storage_account_id"] == LAKE and targets["share"]["storage_account_id"] == LAKE
    assert targets["lake"]["storage_account_id"] is None and "cannot be resolved before deployment" in targets["lake"]["note"]
    lake = ws["datastore_storage_accounts"][LAKE.lower()]
    assert lake["status"] == "error" and lake["datastores"] == ["keyed", "share"]  # the account is not in the plan
    assert ws["datastore_role_assignments"][LAKE.lower()]["status"] == "error"


def test_defender_plans_of_the_provider_subscription(snapshot: dict[str, Any]) -> None:
    (sub,) = snapshot["subscriptions"]
    assert sub["subscription_id"] == SUB
    plans = {p["name"]: p for p in sub["defender_pricings"]["items"]}
    assert plans["StorageAccounts"]["id"] == f"/subscriptions/{SUB}/providers/Microsoft.Security/pricings/StorageAccounts"
    assert plans["StorageAccounts"]["properties"] == {"pricingTier": "Standard", "subPlan": "DefenderForStorageV2", "extensions": [
        {"name": "OnUploadMalwareScanning", "isEnabled": "True", "additionalExtensionProperties": {"CapGBPerMonthPerStorageAccount": "5000"}}]}
    assert plans["VirtualMachines"]["properties"] == {"pricingTier": "Free"}  # resource_type's default
    assert sub["ml_registries"]["status"] == "error"
