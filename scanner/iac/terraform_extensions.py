"""azurerm resources that attach to others (private endpoints, role assignments, diagnostic
settings, locks, metric alerts) -> ARM resources, and the registry of every adapter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.iac.sections import SERVICE_KNOWN_AFTER_APPLY
from scanner.iac.terraform_adapters import (
    EXTENSIONS,
    PROVIDERS,
    Adapted,
    Resolve,
    U,
    _base,
    _compute,
    _get,
    _name,
    app_insights,
    key_vault,
    log_analytics,
    registry,
    storage,
    workspace,
)
from scanner.iac.terraform_evidence import AZURE_DATASTORE_TYPES, cosmosdb_account, datastore, key_vault_key, key_vault_secret, security_pricing
from scanner.snapshot.canonical import type_of_id


def private_endpoint(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, PROVIDERS["azurerm_private_endpoint"])
    automatic: list[dict[str, Any]] = []
    manual: list[dict[str, Any]] = []
    for conn in values.get("private_service_connection") or []:
        target = resolve("private_service_connection.private_connection_resource_id", conn.get("private_connection_resource_id"))
        item = {"name": conn.get("name"), "properties": {"privateLinkServiceId": target, "groupIds": conn.get("subresource_names") or []}}
        (manual if conn.get("is_manual_connection") else automatic).append(item)
    resource["properties"] = {"subnet": {"id": values.get("subnet_id")}, "privateLinkServiceConnections": automatic, "manualPrivateLinkServiceConnections": manual}
    return Adapted(resource, {"properties.privateLinkServiceConnections": "private_service_connection"})


def metric_alert(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
    resource = _base(values, arm_id, PROVIDERS["azurerm_monitor_metric_alert"])
    resource["location"] = "global"
    scopes = values.get("scopes")
    if isinstance(scopes, list):
        scopes = [resolve("scopes", s) if isinstance(s, U) else s for s in scopes]
    elif isinstance(scopes, U):
        scopes = resolve("scopes", scopes)
        scopes = [scopes] if isinstance(scopes, str) else scopes
    criteria: list[dict[str, Any]] = [{"criterionType": "StaticThresholdCriterion", "name": f"Metric{i + 1}", "metricName": c.get("metric_name"), "metricNamespace": c.get("metric_namespace"),
                 "operator": c.get("operator"), "threshold": c.get("threshold"), "timeAggregation": c.get("aggregation"), "dimensions": []}
                for i, c in enumerate(values.get("criteria") or []) if isinstance(c, dict)]
    resource["properties"] = {
        "description": values.get("description"),
        "severity": _get(values, "severity", 3),
        "enabled": _get(values, "enabled", True),
        "scopes": scopes,
        "evaluationFrequency": _get(values, "frequency", "PT1M"),
        "windowSize": _get(values, "window_size", "PT5M"),
        "criteria": {"odata.type": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", "allOf": criteria},
    }
    return Adapted(resource, {"properties.enabled": "enabled", "properties.scopes": "scopes", "properties.criteria": "criteria"})


STORAGE_ACCOUNT = "microsoft.storage/storageaccounts"

BUILT_IN_ROLES = {  # role_definition_name -> built-in role definition GUID
    "owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "azureml data scientist": "f6c7c914-8db3-469d-8ca1-694a8f32e121",
    "storage blob data contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    "storage blob data reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    "user access administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
}


def _extension(tf_type: str) -> Callable[[dict[str, Any], Resolve, Any], Adapted]:
    arm_type, scope_attr = EXTENSIONS[tf_type]

    def adapt(values: dict[str, Any], resolve: Resolve, arm_id: Any) -> Adapted:
        scope = resolve(scope_attr, values.get(scope_attr))
        resource: dict[str, Any] = {"id": arm_id if isinstance(arm_id, str) else "{unresolved id}", "name": _name(values), "type": arm_type}
        if tf_type == "azurerm_role_assignment":
            definition = values.get("role_definition_id")
            role_name = values.get("role_definition_name")
            if isinstance(definition, U) and isinstance(role_name, str) and role_name.lower() in BUILT_IN_ROLES and isinstance(scope, str):
                definition = f"/subscriptions/{scope.split('/')[2]}/providers/Microsoft.Authorization/roleDefinitions/{BUILT_IN_ROLES[role_name.lower()]}"
            resource["properties"] = {"roleDefinitionId": definition, "principalId": values.get("principal_id"), "principalType": values.get("principal_type"), "scope": scope, "condition": values.get("condition"), "description": values.get("description")}
        elif tf_type == "azurerm_monitor_diagnostic_setting":
            logs = [{"category": log.get("category") or None, "categoryGroup": log.get("category_group") or None, "enabled": True} for log in values.get("enabled_log") or []]
            metrics = [{"category": m.get("category"), "enabled": _get(m, "enabled", True)} for m in values.get("metric") or []]
            resource["properties"] = {
                "workspaceId": resolve("log_analytics_workspace_id", values.get("log_analytics_workspace_id")),
                "storageAccountId": resolve("storage_account_id", values.get("storage_account_id")),
                "eventHubAuthorizationRuleId": values.get("eventhub_authorization_rule_id"),
                "eventHubName": values.get("eventhub_name"),
                "logs": logs,
                "metrics": metrics,
                "logAnalyticsDestinationType": values.get("log_analytics_destination_type"),
            }
            if logs and isinstance(values.get(scope_attr), U) and isinstance(scope, str) and type_of_id(scope) == STORAGE_ACCOUNT:
                # `${azurerm_storage_account.x.id}/blobServices/default` of an account created in the
                # same plan: the plan shows only the reference to the account. An account holds no
                # logs itself, so the setting is for one of its services: which one, only apply tells.
                return Adapted(resource, {"properties": scope_attr}, f"{scope}/{SERVICE_KNOWN_AFTER_APPLY}")
        else:
            resource["properties"] = {"level": values.get("lock_level"), "notes": values.get("notes"), "owners": []}
        return Adapted(resource, {"properties": scope_attr}, scope if isinstance(scope, str) else None)

    return adapt


ADAPTERS: dict[str, Callable[[dict[str, Any], Resolve, Any], Adapted]] = {
    "azurerm_machine_learning_workspace": workspace,
    "azurerm_machine_learning_compute_instance": lambda v, r, i: _compute(v, r, i, cluster=False),
    "azurerm_machine_learning_compute_cluster": lambda v, r, i: _compute(v, r, i, cluster=True),
    "azurerm_storage_account": storage,
    "azurerm_key_vault": key_vault,
    "azurerm_container_registry": registry,
    "azurerm_application_insights": app_insights,
    "azurerm_log_analytics_workspace": log_analytics,
    "azurerm_private_endpoint": private_endpoint,
    "azurerm_monitor_metric_alert": metric_alert,
    "azurerm_cosmosdb_account": cosmosdb_account,
    "azurerm_key_vault_key": key_vault_key,
    "azurerm_key_vault_secret": key_vault_secret,
    "azurerm_security_center_subscription_pricing": security_pricing,
    **{t: datastore(t) for t in AZURE_DATASTORE_TYPES},
    **{t: _extension(t) for t in EXTENSIONS},
}
