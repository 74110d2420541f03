"""azurerm resources for issue 14's evidence -> ARM resources, with the azurerm (v4) provider defaults.

- `azurerm_cosmosdb_account` -> Microsoft.DocumentDB/databaseAccounts (`public_network_access_enabled`
  absent -> Enabled, `local_authentication_disabled` -> false, `access_key_metadata_writes_enabled`
  -> true, `network_acl_bypass_for_azure_services` -> false (None), `minimal_tls_version` -> Tls12,
  `kind` -> GlobalDocumentDB, `default_identity_type` -> FirstPartyIdentity; the 3.x names
  `enable_free_tier`, `enable_automatic_failover`, `enable_multiple_write_locations` are read too);
- `azurerm_key_vault_key` -> Microsoft.KeyVault/vaults/keys: `expiration_date` / `not_before_date`
  (RFC 3339) become `attributes.exp` / `nbf` (seconds since 1970), `rotation_policy` becomes
  `rotationPolicy` as the provider sends it (`expire_after` -> `attributes.expiryTime`,
  `notify_before_expiry` -> a notify action, `automatic` -> rotate actions); no block: no rotation
  policy; no expiration date: no `exp` (the key does not expire);
- `azurerm_key_vault_secret` -> Microsoft.KeyVault/vaults/secrets, metadata only: `content_type`,
  expiry and not-before dates. Its `value` (in the plan in clear text) is never read;
- `azurerm_security_center_subscription_pricing` -> Microsoft.Security/pricings of the provider's
  subscription (`resource_type` absent -> VirtualMachines); each `extension` block is an enabled
  extension (`isEnabled` "True"), extensions not listed are not known;
- `azurerm_machine_learning_datastore_blobstorage`, `_datalake_gen2`, `_fileshare` -> workspace
  datastores as the provider creates them: the account and container (or share) from
  `storage_container_id` / `storage_fileshare_id` (the account's id links the datastore to it),
  `credentials.credentialsType` from which secret is set (never the secret): a service principal
  -> ServicePrincipal, a SAS -> Sas, an account key -> AccountKey, else None when the workspace's
  identity reaches the data (`service_data_auth_identity`, Data Lake Gen2 always).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from scanner.iac.terraform_adapters import Adapted, Resolve, U, _base, _first, _flag, _get

AZURE_DATASTORE_TYPES = {
    "azurerm_machine_learning_datastore_blobstorage": "AzureBlob",
    "azurerm_machine_learning_datastore_datalake_gen2": "AzureDataLakeGen2",
    "azurerm_machine_learning_datastore_fileshare": "AzureFile",
}


def _epoch(value: Any) -> Any:
    """An RFC 3339 date as Key Vault's seconds since 1970 (absent stays absent, unknown stays unknown)."""
    if value is None or isinstance(value, U):
        return value
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return U(f"date {value!r}")
    return int((moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp())


def _either(values: dict[str, Any], new: str, old: str, default: Any) -> Any:
    return _get(values, new, _get(values, old, default))


def cosmosdb_account(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, "Microsoft.DocumentDB/databaseAccounts")
    resource["kind"] = _get(values, "kind", "GlobalDocumentDB")
    ip_filter = values.get("ip_range_filter")
    if isinstance(ip_filter, str):
        ip_filter = [p for p in ip_filter.split(",") if p]
    locations = values.get("geo_location")
    if isinstance(locations, list):
        locations = [loc if isinstance(loc, U) else {"locationName": loc.get("location"), "failoverPriority": loc.get("failover_priority"),
                                                     "isZoneRedundant": _get(loc, "zone_redundant", False)} for loc in locations]
    consistency = _first(values, "consistency_policy")
    rules = values.get("virtual_network_rule")
    resource["properties"] = {
        "databaseAccountOfferType": values.get("offer_type"),
        "keyVaultKeyUri": values.get("key_vault_key_id"),
        "publicNetworkAccess": _flag(_get(values, "public_network_access_enabled", True)),
        "disableLocalAuth": _get(values, "local_authentication_disabled", False),
        "disableKeyBasedMetadataWriteAccess": (lambda v: v if isinstance(v, U) else not v)(_get(values, "access_key_metadata_writes_enabled", True)),
        "isVirtualNetworkFilterEnabled": _get(values, "is_virtual_network_filter_enabled", False),
        "virtualNetworkRules": rules if isinstance(rules, U) else [{"id": r.get("id"), "ignoreMissingVNetServiceEndpoint": _get(r, "ignore_missing_vnet_service_endpoint", False)}
                                                                 for r in rules or [] if isinstance(r, dict)],
        "ipRules": ip_filter if isinstance(ip_filter, U) else [{"ipAddressOrRange": ip} for ip in ip_filter or []],
        "networkAclBypass": _flag(_get(values, "network_acl_bypass_for_azure_services", False), "AzureServices", "None"),
        "networkAclBypassResourceIds": values.get("network_acl_bypass_ids") or [],
        "minimalTlsVersion": _get(values, "minimal_tls_version", "Tls12"),
        "enableFreeTier": _either(values, "free_tier_enabled", "enable_free_tier", False),
        "enableAutomaticFailover": _either(values, "automatic_failover_enabled", "enable_automatic_failover", False),
        "enableMultipleWriteLocations": _either(values, "multiple_write_locations_enabled", "enable_multiple_write_locations", False),
        "enableAnalyticalStorage": _get(values, "analytical_storage_enabled", False),
        "defaultIdentity": _get(values, "default_identity_type", "FirstPartyIdentity"),
        "locations": locations,
        "consistencyPolicy": consistency if isinstance(consistency, U) or consistency is None else {
            "defaultConsistencyLevel": consistency.get("consistency_level"), "maxIntervalInSeconds": consistency.get("max_interval_in_seconds"),
            "maxStalenessPrefix": consistency.get("max_staleness_prefix")},
        "backupPolicy": _backup(_first(values, "backup")),
    }
    resource["properties"] = {k: v for k, v in resource["properties"].items() if v is not None}
    return Adapted(resource, {"properties.publicNetworkAccess": "public_network_access_enabled", "properties.disableLocalAuth": "local_authentication_disabled",
                              "properties.keyVaultKeyUri": "key_vault_key_id", "properties.ipRules": "ip_range_filter",
                              "properties.locations": "geo_location", "properties.minimalTlsVersion": "minimal_tls_version"})


def _backup(block: Any) -> Any:
    if block is None or isinstance(block, U):
        return block
    if str(block.get("type")) == "Periodic":
        return {"type": "Periodic", "periodicModeProperties": {"backupIntervalInMinutes": block.get("interval_in_minutes"),
                                                               "backupRetentionIntervalInHours": block.get("retention_in_hours"),
                                                               "backupStorageRedundancy": block.get("storage_redundancy")}}
    return {"type": block.get("type"), "continuousModeProperties": {"tier": block.get("tier")}}


def _rotation_policy(block: Any) -> Any:
    if block is None or isinstance(block, U):
        return block
    actions: list[Any] = []
    notify = block.get("notify_before_expiry")
    if notify:
        actions.append({"trigger": {"timeBeforeExpiry": notify}, "action": {"type": "notify"}})
    automatic = _first(block, "automatic")
    if isinstance(automatic, U):
        actions.append(automatic)
    elif automatic:
        trigger = {k: v for k, v in (("timeAfterCreate", automatic.get("time_after_creation")), ("timeBeforeExpiry", automatic.get("time_before_expiry"))) if v}
        actions.append({"trigger": trigger, "action": {"type": "rotate"}})
    policy: dict[str, Any] = {"lifetimeActions": actions}
    if block.get("expire_after") is not None:
        policy["attributes"] = {"expiryTime": block.get("expire_after")}
    return policy


def key_vault_key(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, "Microsoft.KeyVault/vaults/keys")
    attributes = {"enabled": True, "exp": _epoch(values.get("expiration_date")), "nbf": _epoch(values.get("not_before_date"))}
    props: dict[str, Any] = {
        "kty": values.get("key_type"),
        "keySize": values.get("key_size"),
        "curveName": values.get("curve"),
        "keyOps": values.get("key_opts"),
        "attributes": {k: v for k, v in attributes.items() if v is not None},
        "rotationPolicy": _rotation_policy(_first(values, "rotation_policy")),
    }
    resource["properties"] = {k: v for k, v in props.items() if v is not None}
    return Adapted(resource, {"properties.attributes.exp": "expiration_date", "properties.attributes.nbf": "not_before_date",
                              "properties.rotationPolicy": "rotation_policy", "properties.kty": "key_type", "properties.keySize": "key_size"})


def key_vault_secret(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    """Metadata only: `value` and `value_wo` are never read."""
    resource = _base({k: values.get(k) for k in ("name", "tags") if k in values}, arm_id, "Microsoft.KeyVault/vaults/secrets")
    attributes = {"enabled": True, "exp": _epoch(values.get("expiration_date")), "nbf": _epoch(values.get("not_before_date"))}
    resource["properties"] = {"attributes": {k: v for k, v in attributes.items() if v is not None}}
    if values.get("content_type") is not None:
        resource["properties"]["contentType"] = values.get("content_type")
    return Adapted(resource, {"properties.attributes.exp": "expiration_date", "properties.contentType": "content_type"})


def security_pricing(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    plan = _get(values, "resource_type", "VirtualMachines")
    resource: dict[str, Any] = {"id": arm_id if isinstance(arm_id, str) else "{unresolved id}", "name": plan if isinstance(plan, str) else "{resource_type}",
                                "type": "Microsoft.Security/pricings"}
    extensions = values.get("extension")
    props: dict[str, Any] = {"pricingTier": values.get("tier"), "subPlan": values.get("subplan")}
    if isinstance(extensions, U):
        props["extensions"] = extensions
    elif extensions:
        props["extensions"] = [{"name": e.get("name"), "isEnabled": "True",
                                **({"additionalExtensionProperties": e["additional_extension_properties"]} if e.get("additional_extension_properties") else {})}
                               for e in extensions if isinstance(e, dict)]
    resource["properties"] = {k: v for k, v in props.items() if v is not None}
    return Adapted(resource, {"properties.pricingTier": "tier", "properties.subPlan": "subplan", "properties.extensions": "extension"})


def _storage_parent(values: dict[str, Any], resolve: Resolve, attribute: str) -> tuple[Any, Any, Any]:
    """(account id, account name, container or share name) from a container or share id:
    `.../storageAccounts/{account}/blobServices/default/containers/{name}` or
    `.../fileServices/default/shares/{name}` (an unknown id stays unknown)."""
    raw = resolve(attribute, values.get(attribute))
    if not isinstance(raw, str):
        return raw, raw, raw
    parts = raw.strip("/").split("/")
    low = [p.lower() for p in parts]
    if "storageaccounts" not in low or low.index("storageaccounts") + 1 >= len(parts):
        unknown = U(f"{attribute} is not a storage container or share id")
        return unknown, unknown, unknown
    at = low.index("storageaccounts") + 1
    account_id = "/" + "/".join(parts[: at + 1])
    child = next((parts[i + 1] for i, p in enumerate(low) if p in ("containers", "shares") and i + 1 < len(parts)), None)
    return account_id, parts[at], child


def _present(value: Any) -> bool:
    return isinstance(value, U) or (value is not None and value != "")


def _credentials(tf_type: str, values: dict[str, Any]) -> tuple[Any, str]:
    """(credentialsType as the provider sends it, the attribute that decides it). Only whether a
    secret is set is read, never the secret."""
    if tf_type == "azurerm_machine_learning_datastore_datalake_gen2":
        given = all(_present(values.get(k)) for k in ("tenant_id", "client_id", "client_secret"))
        return ("ServicePrincipal" if given else "None"), "client_id"
    if tf_type == "azurerm_machine_learning_datastore_blobstorage" and all(_present(values.get(k)) for k in ("client_id", "client_secret", "tenant_id")):
        return "ServicePrincipal", "client_id"
    if _present(values.get("shared_access_signature")):
        return "Sas", "shared_access_signature"
    if _present(values.get("account_key")):
        return "AccountKey", "account_key"
    identity = values.get("service_data_auth_identity", values.get("service_data_identity"))
    if isinstance(identity, str) and identity in ("WorkspaceSystemAssignedIdentity", "WorkspaceUserAssignedIdentity"):
        return "None", "service_data_auth_identity" if "service_data_auth_identity" in values else "service_data_identity"
    return U("no credentials and no workspace identity: the provider refuses it"), "name"


def datastore(tf_type: str) -> Any:
    kind = AZURE_DATASTORE_TYPES[tf_type]

    def adapt(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
        resource = _base({"name": values.get("name")}, arm_id, "Microsoft.MachineLearningServices/workspaces/datastores")
        attribute = "storage_fileshare_id" if kind == "AzureFile" else "storage_container_id"
        account_id, account, container = _storage_parent(values, resolve, attribute)
        credentials, decided_by = _credentials(tf_type, values)
        props: dict[str, Any] = {"datastoreType": kind, "accountName": account, "endpoint": "core.windows.net", "protocol": "https",
                                 "description": values.get("description"), "isDefault": _get(values, "is_default", False),
                                 "serviceDataAccessAuthIdentity": _get(values, "service_data_auth_identity", _get(values, "service_data_identity", "None")),
                                 "tags": values.get("tags") or {}, "credentials": {"credentialsType": credentials}}
        props[{"AzureBlob": "containerName", "AzureDataLakeGen2": "filesystem", "AzureFile": "fileShareName"}[kind]] = container
        if kind == "AzureDataLakeGen2" and isinstance(account_id, str):
            parts = account_id.split("/")
            props["subscriptionId"], props["resourceGroup"] = parts[2], parts[4]
        resource["properties"] = {k: v for k, v in props.items() if v is not None}
        links = {"properties.accountName": account_id} if isinstance(account_id, str) else {}
        return Adapted(resource, {"properties.credentials.credentialsType": decided_by, "properties.accountName": attribute}, links=links)

    return adapt

