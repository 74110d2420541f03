"""Everything collected for one Azure Machine Learning workspace."""

from __future__ import annotations

from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient
from scanner.collect.governance import (
    diagnostic_settings_section,
    locks_section,
    metric_alerts_for,
    policy_assignments_section,
    subscription_metric_alerts,
)
from scanner.collect.rbac import role_assignments_section
from scanner.collect.sections import Cache, Section, dependent_failure, list_section, nothing_linked, resource_section

# child list sections: snapshot key -> path below the workspace
CHILD_LISTS: dict[str, str] = {
    "computes": "computes",
    "datastores": "datastores",
    "online_endpoints": "onlineEndpoints",
    "batch_endpoints": "batchEndpoints",
    "connections": "connections",
    "private_endpoint_connections": "privateEndpointConnections",
    "outbound_rules": "outboundRules",
}

_CONNECTION_KEEP = ("category", "target", "authType", "isSharedToAll", "useWorkspaceManagedIdentity",
                    "expiryTime", "peRequirement", "peStatus", "sharedUserList", "group")


def _only_credentials_type(datastore: dict[str, Any]) -> dict[str, Any]:
    """Datastores keep metadata and credentialsType only: no credential material at all."""
    out = dict(datastore)
    props = dict(out.get("properties") or {})
    creds = props.get("credentials")
    if isinstance(creds, dict):
        props["credentials"] = {"credentialsType": creds.get("credentialsType")}
    out["properties"] = props
    return out


def _connection_summary(connection: dict[str, Any]) -> dict[str, Any]:
    """Connections keep category, target and auth type (and a few flags), never credentials."""
    out = {k: v for k, v in connection.items() if k != "properties"}
    props = connection.get("properties") or {}
    out["properties"] = {k: props[k] for k in _CONNECTION_KEEP if k in props}
    return out


_TRANSFORMS = {"datastores": _only_credentials_type, "connections": _connection_summary}


def _linked(client: ArmClient, resource_id: Any, api_version: str, cache: Cache | None = None) -> Section:
    if not isinstance(resource_id, str) or not resource_id.strip():
        return nothing_linked(api_version)
    if cache is None:
        return resource_section(client, resource_id, api_version)
    return cache.get(f"res:{resource_id}", lambda: resource_section(client, resource_id, api_version))


def _res_id(section: Section) -> str | None:
    resource = section.get("resource")
    return resource["id"] if isinstance(resource, dict) else None


def collect_workspace(client: ArmClient, cache: Cache, workspace_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": workspace_id}
    ws_section = resource_section(client, workspace_id, V.ML)
    entry["workspace"] = ws_section
    if ws_section["status"] != "ok":
        return entry
    workspace = ws_section["resource"]
    workspace_id = workspace["id"]
    entry["id"] = workspace_id
    props = workspace.get("properties") or {}

    for key, child in CHILD_LISTS.items():
        entry[key] = list_section(client, f"{workspace_id}/{child}", V.ML, transform=_TRANSFORMS.get(key))

    storage = _linked(client, props.get("storageAccount"), V.STORAGE)
    key_vault = _linked(client, props.get("keyVault"), V.KEY_VAULT)
    registry = _linked(client, props.get("containerRegistry"), V.CONTAINER_REGISTRY)
    insights = _linked(client, props.get("applicationInsights"), V.APP_INSIGHTS)
    if insights["status"] == "ok":
        la_id = ((insights.get("resource") or {}).get("properties") or {}).get("WorkspaceResourceId")
        log_analytics = _linked(client, la_id, V.LOG_ANALYTICS, cache)  # often shared by many workspaces
    else:
        log_analytics = dependent_failure(insights, "Application Insights could not be read", V.LOG_ANALYTICS, kind="resource")
    cmk_id = ((props.get("encryption") or {}).get("keyVaultProperties") or {}).get("keyVaultArmId")
    if isinstance(cmk_id, str) and isinstance(props.get("keyVault"), str) and cmk_id.lower() == props["keyVault"].lower():
        cmk = dict(key_vault)  # same vault: no second request
    else:
        cmk = _linked(client, cmk_id, V.KEY_VAULT)
    # Blob service properties: soft delete and versioning (contingency) live there, not on the account.
    if storage["status"] == "ok" and _res_id(storage):
        blob_service = resource_section(client, f"{_res_id(storage)}/blobServices/default", V.STORAGE)
    elif isinstance(props.get("storageAccount"), str):
        blob_service = dependent_failure(storage, "storage account could not be read", V.STORAGE, kind="resource")
    else:
        blob_service = nothing_linked(V.STORAGE)
    entry.update(
        blob_service=blob_service,
        storage_account=storage,
        key_vault=key_vault,
        container_registry=registry,
        application_insights=insights,
        log_analytics_workspace=log_analytics,
        cmk_key_vault=cmk,
    )

    # Role assignments: the workspace and its storage account (who can touch the training data).
    role_assignments = {workspace_id.lower(): role_assignments_section(client, cache, workspace_id)}
    storage_id = props.get("storageAccount") if isinstance(props.get("storageAccount"), str) else None
    if storage_id:
        if storage["status"] in ("ok",):
            role_assignments[storage_id.lower()] = role_assignments_section(client, cache, storage_id)
        else:
            role_assignments[storage_id.lower()] = dependent_failure(storage, "storage account could not be read", V.AUTHORIZATION)
    entry["role_assignments"] = role_assignments

    # Diagnostic settings and locks of the workspace and of each associated resource that exists.
    diagnostics: dict[str, Section] = {workspace_id.lower(): diagnostic_settings_section(client, workspace_id)}
    locks: dict[str, Section] = {workspace_id.lower(): locks_section(client, workspace_id)}
    for section, with_diagnostics in ((storage, True), (key_vault, True), (registry, True), (insights, False), (log_analytics, False)):
        rid = _res_id(section) or section.get("resource_id")
        if not rid:
            continue
        if section["status"] == "ok":
            if with_diagnostics:
                diagnostics[rid.lower()] = diagnostic_settings_section(client, rid)
            locks[rid.lower()] = locks_section(client, rid)
        else:
            if with_diagnostics:
                diagnostics[rid.lower()] = dependent_failure(section, "resource could not be read", V.DIAGNOSTIC_SETTINGS)
            locks[rid.lower()] = dependent_failure(section, "resource could not be read", V.LOCKS)
    if storage_id:
        blob_id = f"{_res_id(storage) or storage_id}/blobServices/default"
        if storage["status"] == "ok":
            diagnostics[blob_id.lower()] = diagnostic_settings_section(client, blob_id)
        else:
            diagnostics[blob_id.lower()] = dependent_failure(storage, "storage account could not be read", V.DIAGNOSTIC_SETTINGS)
    entry["diagnostic_settings"] = diagnostics
    entry["locks"] = locks

    subscription_id = workspace_id.split("/")[2]
    entry["metric_alerts"] = metric_alerts_for(subscription_metric_alerts(client, cache, subscription_id), workspace_id)
    entry["policy_assignments"] = policy_assignments_section(client, cache, workspace_id)
    return entry
