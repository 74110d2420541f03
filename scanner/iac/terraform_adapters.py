"""azurerm resources (Terraform plan `after` values) -> ARM resources, with provider defaults.

An attribute absent from the plan takes the azurerm provider's default (v4), because that is what
will be deployed: `public_network_access_enabled` absent means Enabled. Values known only after
apply arrive as `Unresolved` and stay so through every mapping (`_flag`, `_first`, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scanner.iac.arm_expressions import Unresolved

Resolve = Callable[[str, Any], Any]
U = Unresolved


@dataclass
class Adapted:
    resource: dict[str, Any]
    lines: dict[str, str] = field(default_factory=dict)  # ARM path -> top-level Terraform attribute
    scope: str | None = None
    children: list[Adapted] = field(default_factory=list)  # e.g. blobServices/default of an account
    links: dict[str, str] = field(default_factory=dict)  # ARM path -> the id an unknown or name-only value names


def _get(values: dict[str, Any], key: str, default: Any = None) -> Any:
    value = values.get(key)
    return default if value is None else value


def _flag(value: Any, on: str = "Enabled", off: str = "Disabled") -> Any:
    return value if isinstance(value, U) else (on if value else off)


def _first(values: dict[str, Any], key: str) -> Any:
    block = values.get(key)
    if isinstance(block, U):
        return block
    return block[0] if isinstance(block, list) and block and isinstance(block[0], (dict, U)) else None


def _not(value: Any) -> Any:
    return value if isinstance(value, U) else not value


def _rg_id(values: dict[str, Any], subscription: str) -> str:
    return f"/subscriptions/{subscription}/resourceGroups/{values.get('resource_group_name') if isinstance(values.get('resource_group_name'), str) else '{resource_group_name}'}"


def _name(values: dict[str, Any]) -> str:
    return values["name"] if isinstance(values.get("name"), str) else "{name}"


PROVIDERS = {
    "azurerm_machine_learning_workspace": "Microsoft.MachineLearningServices/workspaces",
    "azurerm_cosmosdb_account": "Microsoft.DocumentDB/databaseAccounts",
    "azurerm_storage_account": "Microsoft.Storage/storageAccounts",
    "azurerm_key_vault": "Microsoft.KeyVault/vaults",
    "azurerm_container_registry": "Microsoft.ContainerRegistry/registries",
    "azurerm_application_insights": "Microsoft.Insights/components",
    "azurerm_log_analytics_workspace": "Microsoft.OperationalInsights/workspaces",
    "azurerm_private_endpoint": "Microsoft.Network/privateEndpoints",
    "azurerm_monitor_metric_alert": "Microsoft.Insights/metricAlerts",
}
EXTENSIONS = {  # type -> (ARM type, scope attribute)
    "azurerm_role_assignment": ("Microsoft.Authorization/roleAssignments", "scope"),
    "azurerm_monitor_diagnostic_setting": ("Microsoft.Insights/diagnosticSettings", "target_resource_id"),
    "azurerm_management_lock": ("Microsoft.Authorization/locks", "scope"),
}
CHILDREN = {  # type -> (attribute naming the parent's id, ARM child segment)
    "azurerm_machine_learning_compute_instance": ("machine_learning_workspace_id", "computes"),
    "azurerm_machine_learning_compute_cluster": ("machine_learning_workspace_id", "computes"),
    "azurerm_machine_learning_datastore_blobstorage": ("workspace_id", "datastores"),
    "azurerm_machine_learning_datastore_datalake_gen2": ("workspace_id", "datastores"),
    "azurerm_machine_learning_datastore_fileshare": ("workspace_id", "datastores"),
    "azurerm_key_vault_key": ("key_vault_id", "keys"),
    "azurerm_key_vault_secret": ("key_vault_id", "secrets"),
}
SUBSCRIPTION_LEVEL = {  # type -> (ARM type, attribute naming the resource, its default)
    "azurerm_security_center_subscription_pricing": ("Microsoft.Security/pricings", "resource_type", "VirtualMachines"),
}


def arm_id_for(tf_type: str, values: dict[str, Any], resolve: Resolve, subscription: str) -> Any:
    if tf_type in PROVIDERS:
        return f"{_rg_id(values, subscription)}/providers/{PROVIDERS[tf_type]}/{_name(values)}"
    if tf_type in CHILDREN:
        attribute, segment = CHILDREN[tf_type]
        parent = resolve(attribute, values.get(attribute))
        return parent if isinstance(parent, U) else f"{parent}/{segment}/{_name(values)}"
    if tf_type in SUBSCRIPTION_LEVEL:
        arm_type, attribute, default = SUBSCRIPTION_LEVEL[tf_type]
        name = _get(values, attribute, default)
        return f"/subscriptions/{subscription}/providers/{arm_type}/{name if isinstance(name, str) else '{' + attribute + '}'}"
    arm_type, scope_attr = EXTENSIONS[tf_type]
    scope = resolve(scope_attr, values.get(scope_attr))
    if isinstance(scope, U):
        return scope
    name = values.get("name") if isinstance(values.get("name"), str) else "{name}"
    return f"{scope}/providers/{arm_type}/{name}"


def _base(values: dict[str, Any], arm_id: Any, arm_type: str) -> dict[str, Any]:
    resource: dict[str, Any] = {"id": arm_id if isinstance(arm_id, str) else "{unresolved id}", "name": _name(values), "type": arm_type}
    if "location" in values:
        resource["location"] = values["location"]
    if "tags" in values:
        resource["tags"] = values.get("tags") or {}
    identity = _first(values, "identity")
    if identity is not None:
        resource["identity"] = identity if isinstance(identity, U) else {
            "type": str(identity.get("type", "")).replace(" ", ""),
            "userAssignedIdentities": {i: {} for i in identity.get("identity_ids") or []} if not isinstance(identity.get("identity_ids"), U) else identity["identity_ids"],
        }
    return resource


def workspace(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, PROVIDERS["azurerm_machine_learning_workspace"])
    resource["kind"] = _get(values, "kind", "Default")
    resource["sku"] = {"name": _get(values, "sku_name", "Basic"), "tier": _get(values, "sku_name", "Basic")}
    props: dict[str, Any] = {
        "friendlyName": values.get("friendly_name"),
        "description": values.get("description"),
        "storageAccount": resolve("storage_account_id", values.get("storage_account_id")),
        "keyVault": resolve("key_vault_id", values.get("key_vault_id")),
        "applicationInsights": resolve("application_insights_id", values.get("application_insights_id")),
        "containerRegistry": resolve("container_registry_id", values.get("container_registry_id")),
        "publicNetworkAccess": _flag(_get(values, "public_network_access_enabled", True)),
        "hbiWorkspace": _get(values, "high_business_impact", False),
        "v1LegacyMode": _get(values, "v1_legacy_mode_enabled", False),
        "imageBuildCompute": values.get("image_build_compute_name"),
        "primaryUserAssignedIdentity": values.get("primary_user_assigned_identity"),
        "systemDatastoresAuthMode": values.get("system_datastores_auth_mode"),
        "managedNetwork": {"isolationMode": _get(_first(values, "managed_network") or {}, "isolation_mode", "Disabled") if not isinstance(_first(values, "managed_network"), U) else _first(values, "managed_network")},
    }
    encryption = _first(values, "encryption")
    links: dict[str, str] = {}
    if isinstance(encryption, U):
        props["encryption"] = encryption
    elif encryption:
        props["encryption"] = {
            "status": "Enabled",
            "keyVaultProperties": {"keyVaultArmId": resolve("encryption.key_vault_id", encryption.get("key_vault_id")), "keyIdentifier": encryption.get("key_id")},
            "identity": {"userAssignedIdentity": encryption.get("user_assigned_identity_id")},
        }
        # key_id is the key's versioned URI, known after apply when the key is created in the same
        # plan: it stays unknown, but it names that key (`cmk_key`)
        key = resolve("encryption.key_id", encryption.get("key_id")) if isinstance(encryption.get("key_id"), U) else None
        if isinstance(key, str):
            links["properties.encryption.keyVaultProperties.keyIdentifier"] = key
    resource["properties"] = {k: v for k, v in props.items() if v is not None}
    lines = {"properties.publicNetworkAccess": "public_network_access_enabled", "properties.encryption": "encryption", "properties.encryption.status": "encryption",
             "properties.encryption.keyVaultProperties.keyIdentifier": "encryption", "properties.hbiWorkspace": "high_business_impact",
             "properties.v1LegacyMode": "v1_legacy_mode_enabled", "properties.managedNetwork.isolationMode": "managed_network",
             "properties.storageAccount": "storage_account_id", "properties.keyVault": "key_vault_id", "identity": "identity", "location": "location", "tags": "tags"}
    return Adapted(resource, lines, links=links)


def _compute(values: dict[str, Any], resolve: Resolve, arm_id: Any, cluster: bool) -> Adapted:
    resource = _base(values, arm_id, "Microsoft.MachineLearningServices/workspaces/computes")
    subnet = values.get("subnet_resource_id")
    inner: dict[str, Any] = {
        "vmSize": values.get("vm_size" if cluster else "virtual_machine_size"),
        "subnet": subnet if isinstance(subnet, U) else ({"id": subnet} if subnet else None),
        "enableNodePublicIp": _get(values, "node_public_ip_enabled", True),
    }
    if cluster:
        scale = _first(values, "scale_settings") or {}
        inner["vmPriority"] = values.get("vm_priority")
        inner["remoteLoginPortPublicAccess"] = _flag(_get(values, "ssh_public_access_enabled", False))
        if not isinstance(scale, U):
            inner["scaleSettings"] = {"minNodeCount": scale.get("min_node_count"), "maxNodeCount": scale.get("max_node_count"), "nodeIdleTimeBeforeScaleDown": scale.get("scale_down_nodes_after_idle_duration")}
    else:
        ssh = _first(values, "ssh")
        inner["sshSettings"] = {"sshPublicAccess": ssh if isinstance(ssh, U) else _flag(bool(ssh))}
        inner["computeInstanceAuthorizationType"] = _get(values, "authorization_type", "personal")
        user = _first(values, "assign_to_user")
        if isinstance(user, dict):
            inner["personalComputeInstanceSettings"] = {"assignedUser": {"objectId": user.get("object_id"), "tenantId": user.get("tenant_id")}}
    resource["properties"] = {
        "computeType": "AmlCompute" if cluster else "ComputeInstance",
        "computeLocation": values.get("location"),
        "description": values.get("description"),
        "disableLocalAuth": _not(_get(values, "local_auth_enabled", True)),
        "properties": inner,
    }
    return Adapted(resource, {"properties.disableLocalAuth": "local_auth_enabled", "properties.properties.enableNodePublicIp": "node_public_ip_enabled", "properties.properties.subnet": "subnet_resource_id"})


def storage(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, PROVIDERS["azurerm_storage_account"])
    resource["kind"] = _get(values, "account_kind", "StorageV2")
    resource["sku"] = {"name": f"{values.get('account_tier')}_{values.get('account_replication_type')}", "tier": values.get("account_tier")}
    rules = _first(values, "network_rules")
    acls: Any = rules if isinstance(rules, U) else {
        "bypass": ", ".join((rules or {}).get("bypass") or ["AzureServices"]) if not isinstance((rules or {}).get("bypass"), U) else rules["bypass"],
        "defaultAction": (rules or {}).get("default_action") or "Allow",
        "ipRules": [{"value": ip, "action": "Allow"} for ip in ((rules or {}).get("ip_rules") or [])] if not isinstance((rules or {}).get("ip_rules"), U) else rules["ip_rules"],
        "virtualNetworkRules": [{"id": s, "action": "Allow"} for s in ((rules or {}).get("virtual_network_subnet_ids") or [])] if not isinstance((rules or {}).get("virtual_network_subnet_ids"), U) else rules["virtual_network_subnet_ids"],
    }
    cmk = _first(values, "customer_managed_key")
    encryption: dict[str, Any] = {
        "keySource": "Microsoft.Storage",
        "requireInfrastructureEncryption": _get(values, "infrastructure_encryption_enabled", False),
        "services": {"blob": {"enabled": True, "keyType": "Account"}, "file": {"enabled": True, "keyType": "Account"}},
    }
    if isinstance(cmk, U):
        encryption["keySource"] = cmk
    elif cmk:
        key_id = cmk.get("key_vault_key_id")
        encryption["keySource"] = "Microsoft.Keyvault"
        encryption["identity"] = {"userAssignedIdentity": cmk.get("user_assigned_identity_id")}
        if isinstance(key_id, str) and "/keys/" in key_id:
            vault, _, rest = key_id.partition("/keys/")
            name, _, version = rest.partition("/")
            encryption["keyvaultproperties"] = {"keyname": name, "keyvaulturi": vault, "keyversion": version}
        else:
            encryption["keyvaultproperties"] = key_id
    resource["properties"] = {
        "supportsHttpsTrafficOnly": _get(values, "https_traffic_only_enabled", True),
        "minimumTlsVersion": _get(values, "min_tls_version", "TLS1_2"),
        "allowBlobPublicAccess": _get(values, "allow_nested_items_to_be_public", True),
        "allowSharedKeyAccess": _get(values, "shared_access_key_enabled", True),
        "defaultToOAuthAuthentication": _get(values, "default_to_oauth_authentication", False),
        "allowCrossTenantReplication": _get(values, "cross_tenant_replication_enabled", False),
        "publicNetworkAccess": _flag(_get(values, "public_network_access_enabled", True)),
        "isHnsEnabled": _get(values, "is_hns_enabled", False),
        "isLocalUserEnabled": _get(values, "local_user_enabled", True),
        "isSftpEnabled": _get(values, "sftp_enabled", False),
        "accessTier": _get(values, "access_tier", "Hot"),
        "networkAcls": acls,
        "encryption": encryption,
    }
    blob = _first(values, "blob_properties")
    children = []
    if blob is not None and isinstance(resource["id"], str):
        children.append(Adapted(_blob_service(resource, blob), {"properties": "blob_properties"}))
    lines = {"properties.publicNetworkAccess": "public_network_access_enabled", "properties.allowBlobPublicAccess": "allow_nested_items_to_be_public",
             "properties.allowSharedKeyAccess": "shared_access_key_enabled", "properties.minimumTlsVersion": "min_tls_version",
             "properties.supportsHttpsTrafficOnly": "https_traffic_only_enabled", "properties.networkAcls.defaultAction": "network_rules",
             "properties.encryption.keySource": "customer_managed_key", "properties.encryption.requireInfrastructureEncryption": "infrastructure_encryption_enabled"}
    return Adapted(resource, lines, children=children)


def _blob_service(account: dict[str, Any], blob: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {"id": f"{account['id']}/blobServices/default", "name": "default", "type": "Microsoft.Storage/storageAccounts/blobServices"}
    if isinstance(blob, U):
        resource["properties"] = blob
        return resource
    delete = _first(blob, "delete_retention_policy")
    container = _first(blob, "container_delete_retention_policy")

    def policy(block: Any) -> Any:
        if isinstance(block, U):
            return block
        return {"enabled": True, "days": _get(block, "days", 7)} if block else {"enabled": False}

    resource["properties"] = {
        "deleteRetentionPolicy": policy(delete),
        "containerDeleteRetentionPolicy": policy(container),
        "isVersioningEnabled": _get(blob, "versioning_enabled", False),
        "changeFeed": {"enabled": _get(blob, "change_feed_enabled", False)},
        "lastAccessTimeTrackingPolicy": {"enable": _get(blob, "last_access_time_enabled", False)},
    }
    return resource


def key_vault(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, PROVIDERS["azurerm_key_vault"])
    acls = _first(values, "network_acls")
    purge = _get(values, "purge_protection_enabled", False)
    rbac = values.get("rbac_authorization_enabled", values.get("enable_rbac_authorization"))
    resource["properties"] = {
        "sku": {"family": "A", "name": values.get("sku_name")},
        "tenantId": values.get("tenant_id"),
        "enableSoftDelete": True,
        "softDeleteRetentionInDays": _get(values, "soft_delete_retention_days", 90),
        "enablePurgeProtection": purge if purge is not False else None,  # ARM omits it when off
        "enableRbacAuthorization": False if rbac is None else rbac,
        "publicNetworkAccess": _flag(_get(values, "public_network_access_enabled", True)),
        "enabledForDeployment": _get(values, "enabled_for_deployment", False),
        "enabledForDiskEncryption": _get(values, "enabled_for_disk_encryption", False),
        "enabledForTemplateDeployment": _get(values, "enabled_for_template_deployment", False),
        "accessPolicies": values.get("access_policy") or [],
    }
    if acls is not None:
        resource["properties"]["networkAcls"] = acls if isinstance(acls, U) else {"bypass": acls.get("bypass"), "defaultAction": acls.get("default_action"), "ipRules": [{"value": i} for i in acls.get("ip_rules") or []], "virtualNetworkRules": [{"id": s} for s in acls.get("virtual_network_subnet_ids") or []]}
    resource["properties"] = {k: v for k, v in resource["properties"].items() if v is not None}
    return Adapted(resource, {"properties.enablePurgeProtection": "purge_protection_enabled", "properties.publicNetworkAccess": "public_network_access_enabled", "properties.enableRbacAuthorization": "rbac_authorization_enabled"})


def registry(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, PROVIDERS["azurerm_container_registry"])
    resource["sku"] = {"name": values.get("sku"), "tier": values.get("sku")}
    encryption = _first(values, "encryption")
    retention = values.get("retention_policy_in_days")
    resource["properties"] = {
        "adminUserEnabled": _get(values, "admin_enabled", False),
        "publicNetworkAccess": _flag(_get(values, "public_network_access_enabled", True)),
        "anonymousPullEnabled": _get(values, "anonymous_pull_enabled", False),
        "dataEndpointEnabled": _get(values, "data_endpoint_enabled", False),
        "networkRuleBypassOptions": _get(values, "network_rule_bypass_option", "AzureServices"),
        "zoneRedundancy": _flag(_get(values, "zone_redundancy_enabled", False)),
        "policies": {
            "quarantinePolicy": {"status": _flag(_get(values, "quarantine_policy_enabled", False), "enabled", "disabled")},
            "trustPolicy": {"type": "Notary", "status": _flag(_get(values, "trust_policy_enabled", False), "enabled", "disabled")},
            "retentionPolicy": {"days": retention if retention is not None else 7, "status": _flag(retention is not None, "enabled", "disabled")},
            "exportPolicy": {"status": _flag(_get(values, "export_policy_enabled", True), "enabled", "disabled")},
        },
        "encryption": encryption if isinstance(encryption, U) else ({"status": "enabled", "keyVaultProperties": {"keyIdentifier": encryption.get("key_vault_key_id"), "identity": encryption.get("identity_client_id")}} if encryption else {"status": "disabled"}),
    }
    return Adapted(resource, {"properties.adminUserEnabled": "admin_enabled", "properties.publicNetworkAccess": "public_network_access_enabled", "properties.encryption.status": "encryption"})


def app_insights(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, PROVIDERS["azurerm_application_insights"])
    resource["kind"] = "web"
    workspace_id = resolve("workspace_id", values.get("workspace_id"))
    resource["properties"] = {
        "Application_Type": values.get("application_type"),
        "RetentionInDays": _get(values, "retention_in_days", 90),
        "WorkspaceResourceId": workspace_id,
        "IngestionMode": "LogAnalytics" if workspace_id else "ApplicationInsights",
        "DisableLocalAuth": _get(values, "local_authentication_disabled", False),
        "DisableIpMasking": _get(values, "disable_ip_masking", False),
        "publicNetworkAccessForIngestion": _flag(_get(values, "internet_ingestion_enabled", True)),
        "publicNetworkAccessForQuery": _flag(_get(values, "internet_query_enabled", True)),
    }
    return Adapted(resource, {"properties.DisableLocalAuth": "local_authentication_disabled", "properties.publicNetworkAccessForIngestion": "internet_ingestion_enabled", "properties.publicNetworkAccessForQuery": "internet_query_enabled"})


def log_analytics(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, PROVIDERS["azurerm_log_analytics_workspace"])
    local = values.get("local_authentication_enabled")
    resource["properties"] = {
        "sku": {"name": _get(values, "sku", "PerGB2018")},
        "retentionInDays": _get(values, "retention_in_days", 30),
        "features": {"enableLogAccessUsingOnlyResourcePermissions": True, "disableLocalAuth": _not(local) if local is not None else _get(values, "local_authentication_disabled", False)},
        "workspaceCapping": {"dailyQuotaGb": _get(values, "daily_quota_gb", -1.0)},
        "publicNetworkAccessForIngestion": _flag(_get(values, "internet_ingestion_enabled", True)),
        "publicNetworkAccessForQuery": _flag(_get(values, "internet_query_enabled", True)),
    }
    return Adapted(resource, {"properties.retentionInDays": "retention_in_days", "properties.publicNetworkAccessForIngestion": "internet_ingestion_enabled"})
