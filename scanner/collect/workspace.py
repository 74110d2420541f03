"""Everything collected for one Azure Machine Learning workspace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.collect import apiversions as V
from scanner.collect import derived
from scanner.collect.arm import ArmClient
from scanner.collect.datastore_targets import accounts as datastore_accounts
from scanner.collect.datastore_targets import datastore_targets_section
from scanner.collect.dependencies import log_analytics_destinations, private_endpoint_connections_of
from scanner.collect.governance import (
    derived_policy_assignments_section,
    diagnostic_settings_section,
    locks_section,
    metric_alerts_for,
    policy_assignments_section,
    subscription_metric_alerts,
)
from scanner.collect.keys import key_lifecycle_sections
from scanner.collect.rbac import graph_role_assignments_section, role_assignments_section
from scanner.collect.sections import Cache, dependent_failure, list_section, nothing_linked, resource_section
from scanner.redact import redact
from scanner.snapshot.model import ArmResource, Section, json_object

GRAPH_NOTE = "read from Azure Resource Graph ({table} table, api-version {version}), not an ARM GET"

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


# resources named by the workspace's encryption settings (bring-your-own for CMK workspaces):
# snapshot key -> (property of properties.encryption, api-version)
ENCRYPTION_LINKS: dict[str, tuple[str, str]] = {
    "encryption_cosmos_db": ("cosmosDbResourceId", V.COSMOS_DB),
    "encryption_search_service": ("searchAccountResourceId", V.SEARCH),
    "encryption_storage_account": ("storageAccountResourceId", V.STORAGE),
}

# child lists Resource Graph holds as tracked resources (the others are not in the graph)
GRAPH_CHILDREN = ("computes", "online_endpoints", "batch_endpoints")

_TRANSFORMS = {"datastores": _only_credentials_type, "connections": _connection_summary}
# child lists the workspace resource itself carries (see derived.py); resource-graph discovery only
_FROM_WORKSPACE = {
    "private_endpoint_connections": derived.private_endpoint_connections,
    "outbound_rules": derived.outbound_rules,
}


def graph_section(body: dict[str, Any] | None = None, items: list[dict[str, Any]] | None = None,
                  table: str = "resources", resource_id: str | None = None) -> Section:
    """An ok section filled from Resource Graph rows; api_version is the Resource Graph api-version."""
    from scanner.collect.graph import API_VERSION

    section: Section = {"status": "ok", "api_version": API_VERSION}
    if items is not None:
        section["items"] = redact(items)
    else:
        section["resource"] = redact(body)
        section["resource_id"] = resource_id
    section["message"] = GRAPH_NOTE.format(table=table, version=API_VERSION)
    return section


def _linked(client: ArmClient, resource_id: Any, api_version: str, cache: Cache | None = None, graph: Any = None) -> Section:
    if not isinstance(resource_id, str) or not resource_id.strip():
        return nothing_linked(api_version)
    row = graph.resource(resource_id) if graph is not None else None
    if row is not None:
        return graph_section(row, resource_id=resource_id)
    # not in the graph (deleted, not readable, not indexed yet): a GET tells not_found from forbidden
    if cache is None:
        return resource_section(client, resource_id, api_version)
    return cache.get(f"res:{resource_id}", lambda: resource_section(client, resource_id, api_version))


def _same_id(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.strip().rstrip("/").lower() == b.strip().rstrip("/").lower()


def _res_id(section: Section) -> str | None:
    resource = section.get("resource")
    return resource["id"] if isinstance(resource, dict) else None


def _shared(cache: Cache, graph: Any, key: str, read: Callable[[], Section]) -> Section:
    """With resource-graph discovery, a per-resource read (diagnostic settings, blob service) is
    made once per resource and shared by the workspaces that use it (a common registry, say);
    `--discovery arm` keeps one read per workspace."""
    return read() if graph is None else cache.get(key, read).copy()


def collect_workspace(client: ArmClient, cache: Cache, workspace_id: str, graph: Any = None) -> dict[str, Any]:
    """Every section of one workspace. With `graph` (a GraphIndex from `--discovery resource-graph`)
    the sections Resource Graph holds are filled from it and only the rest is read with GETs."""
    entry: dict[str, Any] = {"id": workspace_id}
    ws_row = graph.resource(workspace_id) if graph is not None else None
    ws_section = graph_section(ws_row, resource_id=workspace_id) if ws_row else resource_section(client, workspace_id, V.ML)
    entry["workspace"] = ws_section
    if ws_section["status"] != "ok":
        return entry
    workspace = ws_section.get("resource")
    assert workspace is not None  # an ok resource section holds its resource (resource_section, graph_section)
    workspace_id = workspace["id"]
    entry["id"] = workspace_id
    props = workspace.get("properties") or {}

    for key, child in CHILD_LISTS.items():
        rows = graph.child_items(workspace_id, key) if graph is not None and key in GRAPH_CHILDREN else None
        from_workspace = _FROM_WORKSPACE[key](workspace, ws_section) if graph is not None and key in _FROM_WORKSPACE else None
        if rows is not None:
            entry[key] = graph_section(items=rows)
        elif from_workspace is not None:
            entry[key] = from_workspace
        else:
            entry[key] = list_section(client, f"{workspace_id}/{child}", V.ML, transform=_TRANSFORMS.get(key))

    storage = _linked(client, props.get("storageAccount"), V.STORAGE, graph=graph)
    key_vault = _linked(client, props.get("keyVault"), V.KEY_VAULT, graph=graph)
    registry = _linked(client, props.get("containerRegistry"), V.CONTAINER_REGISTRY, graph=graph)
    insights = _linked(client, props.get("applicationInsights"), V.APP_INSIGHTS, graph=graph)
    if insights["status"] == "ok":
        insights_resource: ArmResource = insights.get("resource") or {}
        la_id = (insights_resource.get("properties") or {}).get("WorkspaceResourceId")
        log_analytics = _linked(client, la_id, V.LOG_ANALYTICS, cache, graph=graph)  # often shared by many workspaces
    else:
        log_analytics = dependent_failure(insights, "Application Insights could not be read", V.LOG_ANALYTICS, kind="resource")
    cmk_id = ((props.get("encryption") or {}).get("keyVaultProperties") or {}).get("keyVaultArmId")
    if isinstance(cmk_id, str) and isinstance(props.get("keyVault"), str) and cmk_id.lower() == props["keyVault"].lower():
        cmk = key_vault.copy()  # same vault: no second request
    else:
        cmk = _linked(client, cmk_id, V.KEY_VAULT, graph=graph)
    # Blob service properties: soft delete and versioning (contingency) live there, not on the account.
    if storage["status"] == "ok" and _res_id(storage):
        blob_path = f"{_res_id(storage)}/blobServices/default"
        blob_service = _shared(cache, graph, f"blob:{blob_path}", lambda: resource_section(client, blob_path, V.STORAGE))
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
    encryption = json_object(props.get("encryption"))
    for key, (prop, version) in ENCRYPTION_LINKS.items():
        target = encryption.get(prop)
        if key == "encryption_storage_account" and _same_id(target, props.get("storageAccount")):
            entry[key] = storage.copy()  # the workspace's own storage account: no second request
        else:
            entry[key] = _linked(client, target, version, cache, graph=graph)

    def shared(key: str, read: Callable[[], Section]) -> Section:
        return _shared(cache, graph, key, read)

    entry.update(key_lifecycle_sections(client, encryption, cmk, shared))

    # Role assignments: the workspace and its storage account (who can touch the training data).
    def assignments(resource_id: str) -> Section:
        if graph is not None and graph.has_role_assignments(resource_id.split("/")[2]):
            return graph_role_assignments_section(client, cache, graph, resource_id)
        return role_assignments_section(client, cache, resource_id)

    role_assignments = {workspace_id.lower(): assignments(workspace_id)}
    storage_id = props.get("storageAccount") if isinstance(props.get("storageAccount"), str) else None
    if storage_id:
        if storage["status"] in ("ok",):
            role_assignments[storage_id.lower()] = assignments(storage_id)
        else:
            role_assignments[storage_id.lower()] = dependent_failure(storage, "storage account could not be read", V.AUTHORIZATION)
    entry["role_assignments"] = role_assignments

    # Diagnostic settings and locks of the workspace and of the associated resources that exist.
    def locks_of(resource_id: str) -> Section:
        rows = graph.locks_for(resource_id) if graph is not None else None
        return graph_section(items=rows) if rows is not None else locks_section(client, resource_id)

    def diagnostics_of(resource_id: str) -> Section:
        return _shared(cache, graph, f"diag:{resource_id}", lambda: diagnostic_settings_section(client, resource_id))

    diagnostics: dict[str, Section] = {workspace_id.lower(): diagnostics_of(workspace_id)}
    locks: dict[str, Section] = {workspace_id.lower(): locks_of(workspace_id)}
    # A storage account's own diagnostic settings can carry metrics only (its logs are its blob,
    # file, queue and table services'): they are not read; the blob service's are (below). Nor are
    # a container registry's: no rule reads them, and each cost a request per workspace.
    for section, with_diagnostics in ((storage, False), (key_vault, True), (registry, False), (insights, False), (log_analytics, False)):
        rid = _res_id(section) or section.get("resource_id")
        if not rid:
            continue
        if section["status"] == "ok":
            if with_diagnostics:
                diagnostics[rid.lower()] = diagnostics_of(rid)
            locks[rid.lower()] = locks_of(rid)
        else:
            if with_diagnostics:
                diagnostics[rid.lower()] = dependent_failure(section, "resource could not be read", V.DIAGNOSTIC_SETTINGS)
            locks[rid.lower()] = dependent_failure(section, "resource could not be read", V.LOCKS)
    if storage_id:
        blob_id = f"{_res_id(storage) or storage_id}/blobServices/default"
        if storage["status"] == "ok":
            diagnostics[blob_id.lower()] = diagnostics_of(blob_id)
        else:
            diagnostics[blob_id.lower()] = dependent_failure(storage, "storage account could not be read", V.DIAGNOSTIC_SETTINGS)
    entry["locks"] = locks

    # The storage accounts the datastores point at: their resource, the role assignments on them and
    # their blob service's diagnostic settings (data-plane audit logs). The workspace's own storage
    # account was read above and is not read again.
    targets = datastore_targets_section(client, cache, graph, entry["datastores"], workspace_id, storage_id)
    ds_storage: dict[str, Section] = {}
    ds_roles: dict[str, Section] = {}
    for key, target in datastore_accounts(targets).items():
        rid = target["id"]
        if _same_id(rid, storage_id):
            ds_storage[key], ds_roles[key] = storage.copy(), role_assignments[key].copy()
        else:
            ds_storage[key] = _linked(client, rid, V.STORAGE, cache, graph=graph).copy()  # a copy: it is given its datastores
            readable = ds_storage[key]["status"] == "ok"
            ds_roles[key] = assignments(rid) if readable else dependent_failure(ds_storage[key], "storage account could not be read", V.AUTHORIZATION)
            blob_id = f"{rid}/blobServices/default"
            if target["blob"] and blob_id.lower() not in diagnostics:
                diagnostics[blob_id.lower()] = (diagnostics_of(blob_id) if readable else
                                                dependent_failure(ds_storage[key], "storage account could not be read", V.DIAGNOSTIC_SETTINGS))
        ds_storage[key]["datastores"] = target["datastores"]
    entry.update(datastore_targets=targets, datastore_storage_accounts=ds_storage, datastore_role_assignments=ds_roles)
    entry["diagnostic_settings"] = diagnostics
    entry["log_analytics_destinations"] = log_analytics_destinations(
        diagnostics, lambda rid: _linked(client, rid, V.LOG_ANALYTICS, cache, graph=graph))

    # Private endpoint connections of the associated resources (from their bodies where they carry them).
    endpoints: dict[str, Section] = {}
    for section in (storage, key_vault, registry, cmk):
        rid = _res_id(section) or section.get("resource_id")
        found = private_endpoint_connections_of(client, section, shared) if rid and rid.lower() not in endpoints else None
        if rid and found is not None:
            endpoints[rid.lower()] = found
    entry["associated_private_endpoint_connections"] = endpoints

    subscription_id = workspace_id.split("/")[2]
    entry["metric_alerts"] = metric_alerts_for(subscription_metric_alerts(client, cache, subscription_id), workspace_id)
    # resource-graph: from the subscription's unfiltered list, read once (the atScope() GET if that failed)
    policy = derived_policy_assignments_section(client, cache, workspace_id) if graph is not None else None
    entry["policy_assignments"] = policy or policy_assignments_section(client, cache, workspace_id)
    return entry
