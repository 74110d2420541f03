"""Group normalised IaC resources into snapshot workspace entries (snapshot format v1).

Every IaC reader (ARM template, what-if, Terraform plan) produces a flat list of `IacResource` in
ARM shape; this module attaches computes, diagnostic settings, locks, role assignments and private
endpoints to their workspace exactly where a live collection puts them, so the policies cannot tell
the sources apart.

What IaC cannot know is left out rather than invented: a linked resource the input does not
declare gets status `error` with a message saying so (rules say unknown), policy assignments and
subscription-level alerts are absent (unknown), and role definitions are null.
"""

from __future__ import annotations

import re
from typing import Any

from scanner import SCANNER_NAME, __version__
from scanner.iac.iac_resource import IacResource, canonicalise, link_target

__all__ = ["IacResource", "assemble"]

WORKSPACE = "microsoft.machinelearningservices/workspaces"
CHILD_LISTS = {
    "computes": "microsoft.machinelearningservices/workspaces/computes",
    "datastores": "microsoft.machinelearningservices/workspaces/datastores",
    "online_endpoints": "microsoft.machinelearningservices/workspaces/onlineendpoints",
    "batch_endpoints": "microsoft.machinelearningservices/workspaces/batchendpoints",
    "connections": "microsoft.machinelearningservices/workspaces/connections",
    "outbound_rules": "microsoft.machinelearningservices/workspaces/outboundrules",
}
LINKED = {  # section -> (workspace property, api version)
    "storage_account": ("storageAccount", "2026-09-01"),
    "key_vault": ("keyVault", "2026-05-15"),
    "container_registry": ("containerRegistry", "2025-11-01"),
    "application_insights": ("applicationInsights", "2020-02-02"),
}
ML_API = "2025-12-01"
ROLE_ASSIGNMENTS_UNKNOWN = (
    "infrastructure code declares only its own role assignments: assignments inherited from other scopes, "
    "role definitions and principals (guest, deleted) are known only to a live scan"
)
# IaC has no collection time; a fixed instant keeps reports byte-identical for the same inputs.
NO_COLLECTION_TIME = "1970-01-01T00:00:00Z"


class _Index:
    def __init__(self, resources: list[IacResource]) -> None:
        self.resources = resources
        self.by_id = {r.id.lower(): r for r in resources}
        self.locations: dict[str, dict[str, Any]] = {}

    def use(self, res: IacResource) -> None:
        if res.location:
            self.locations[res.id.lower()] = res.location

    def extensions(self, type_: str, target: str) -> list[IacResource]:
        return [r for r in self.resources if r.type == type_ and (r.scope or "").lower() == target.lower()]


def _resource_section(res: IacResource, api_version: str | None) -> dict[str, Any]:
    section: dict[str, Any] = {"status": "ok", "api_version": res.api_version or api_version, "resource": res.resource}
    if res.unresolved:
        section["unresolved"] = sorted(set(res.unresolved))
    return section


def _linked_section(index: _Index, ws: IacResource, prop: str, api_version: str) -> dict[str, Any]:
    path = f"properties.{prop}"
    target = link_target(ws, path)
    if path in ws.unresolved and (not isinstance(target, str) or target.lower() not in index.by_id):
        return {"status": "error", "api_version": api_version, "resource": None, "resource_id": None, "message": f"the workspace's {prop} cannot be resolved before deployment"}
    return _linked_by_id(index, target, api_version)


def _linked_by_id(index: _Index, target: Any, api_version: str) -> dict[str, Any]:
    if not isinstance(target, str) or not target.strip():
        return {"status": "ok", "api_version": api_version, "resource": None, "resource_id": None}
    res = index.by_id.get(target.lower())
    if res is None:
        return {
            "status": "error",
            "api_version": api_version,
            "resource": None,
            "resource_id": target,
            "message": "not declared in this infrastructure code: its state is unknown until it is scanned live",
        }
    index.use(res)
    section = _resource_section(res, api_version)
    section["resource_id"] = res.id
    return section


def _list_section(items: list[IacResource], api_version: str, index: _Index) -> dict[str, Any]:
    unresolved: list[str] = []
    for i, item in enumerate(items):
        index.use(item)
        unresolved += [f"items[{i}].{path}" for path in item.unresolved]
    section: dict[str, Any] = {"status": "ok", "api_version": api_version, "items": [item.resource for item in items]}
    if unresolved:
        section["unresolved"] = unresolved
    return section


def _private_endpoint_connections(index: _Index, ws_id: str) -> list[IacResource]:
    out = []
    for pe in (r for r in index.resources if r.type == "microsoft.network/privateendpoints"):
        props = pe.resource.get("properties") or {}
        for kind, state in (("privateLinkServiceConnections", "Approved"), ("manualPrivateLinkServiceConnections", "Pending")):
            for conn in props.get(kind) or []:
                target = ((conn or {}).get("properties") or {}).get("privateLinkServiceId")
                if isinstance(target, str) and target.lower() == ws_id.lower():
                    name = f"{pe.resource.get('name')}.{conn.get('name', 'connection')}"
                    connection = {
                        "id": f"{ws_id}/privateEndpointConnections/{name}",
                        "name": name,
                        "type": "Microsoft.MachineLearningServices/workspaces/privateEndpointConnections",
                        "properties": {"privateEndpoint": {"id": pe.id}, "privateLinkServiceConnectionState": {"status": state, "description": "declared in infrastructure code", "actionsRequired": "None"}},
                    }
                    out.append(IacResource(connection, location=pe.location))
    return out


def _outbound_rules(ws: IacResource, index: _Index) -> list[IacResource]:
    rules = ((ws.resource.get("properties") or {}).get("managedNetwork") or {}).get("outboundRules") or {}
    out = []
    if isinstance(rules, dict):
        for name, rule in sorted(rules.items()):
            item = {"id": f"{ws.id}/outboundRules/{name}", "name": name, "type": "Microsoft.MachineLearningServices/workspaces/outboundRules", "properties": rule}
            out.append(IacResource(item, location=ws.location))
    return out + _children(index, ws.id, CHILD_LISTS["outbound_rules"])


def _children(index: _Index, ws_id: str, type_: str) -> list[IacResource]:
    prefix = ws_id.lower() + "/"
    return [r for r in index.resources if r.type == type_ and r.id.lower().startswith(prefix)]


def _by_target(index: _Index, type_: str, targets: list[str], api_version: str, wrap: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for target in targets:
        items = index.extensions(type_, target)
        for item in items:
            index.use(item)
        section = _list_section(items, api_version, index)
        if wrap is not None:
            section["items"] = [wrap(item, target) for item in items]
        out[target.lower()] = section
    return out


def _role_item(item: IacResource, target: str) -> dict[str, Any]:
    return {"assignment": item.resource, "role_definition": None}


def _blob_service(index: _Index, storage: dict[str, Any]) -> dict[str, Any]:
    """blobServices/default of the linked storage account: soft delete and versioning live there."""
    account = storage.get("resource")
    if storage["status"] != "ok" or not isinstance(account, dict):
        return {"status": "error", "api_version": "2026-09-01", "resource": None, "resource_id": None, "message": "the storage account is not declared in this infrastructure code"}
    blob_id = f"{account['id']}/blobServices/default"
    res = index.by_id.get(blob_id.lower())
    if res is None:
        return {"status": "error", "api_version": "2026-09-01", "resource": None, "resource_id": blob_id,
                "message": "the blob service settings are not declared in this infrastructure code (an existing account keeps its own)"}
    index.use(res)
    section = _resource_section(res, "2026-09-01")
    section["resource_id"] = res.id
    return section


def _targets_workspace(alert: IacResource, ws_id: str) -> bool:
    """Metric alerts scoped to the workspace or to one of its children (online endpoints)."""
    scopes = [str(s).lower() for s in (alert.resource.get("properties") or {}).get("scopes") or []]
    return any(s == ws_id.lower() or s.startswith(ws_id.lower() + "/") for s in scopes)


def _not_declared(api_version: str, message: str) -> dict[str, Any]:
    return {"status": "error", "api_version": api_version, "resource": None, "resource_id": None, "message": message}


def _workspace_sections(index: _Index, ws: IacResource, entry: dict[str, Any]) -> None:
    """The workspace and what it names: linked resources, its customer-managed key's vault."""
    entry["workspace"] = _resource_section(ws, ML_API)
    entry["outbound_rules"] = _list_section(_outbound_rules(ws, index), ML_API, index)
    for key, (prop, api_version) in LINKED.items():
        entry[key] = _linked_section(index, ws, prop, api_version)
    entry["blob_service"] = _blob_service(index, entry["storage_account"])
    insights = entry["application_insights"]
    if insights["status"] == "ok":
        component = index.by_id.get(str((insights.get("resource") or {}).get("id")).lower())
        la_id = link_target(component, "properties.WorkspaceResourceId") if component else None
        entry["log_analytics_workspace"] = _linked_by_id(index, la_id, "2025-07-01")
    else:
        entry["log_analytics_workspace"] = _not_declared("2025-07-01", "Application Insights is not declared in this infrastructure code")
    cmk_id = link_target(ws, "properties.encryption.keyVaultProperties.keyVaultArmId")
    entry["cmk_key_vault"] = _linked_by_id(index, cmk_id, "2026-05-15")


def _absent_workspace_sections(index: _Index, ws_id: str, why: str, entry: dict[str, Any]) -> None:
    """A workspace the input does not declare (its children are declared under it, or it is
    `existing`): its own settings and what it links to are not in the input, so rules about them
    say unknown, naming why; its children are judged by their own rules."""
    name = ws_id.rsplit("/", 1)[-1]
    message = f"workspace {name} {why}: its own settings are not in this infrastructure code (scan it live)"
    entry["workspace"] = {"status": "error", "api_version": ML_API, "resource": None, "resource_id": ws_id, "message": message}
    entry["outbound_rules"] = _list_section(_children(index, ws_id, CHILD_LISTS["outbound_rules"]), ML_API, index)
    linked = f"workspace {name} is not declared in this infrastructure code, so the resources it links to are not known"
    for key, (_, api_version) in LINKED.items():
        entry[key] = _not_declared(api_version, linked)
    entry["blob_service"] = _not_declared("2026-09-01", linked)
    entry["log_analytics_workspace"] = _not_declared("2025-07-01", linked)
    entry["cmk_key_vault"] = _not_declared("2026-05-15", linked)


def workspace_entry(index: _Index, ws: IacResource | None, ws_id: str | None = None, why: str = "") -> dict[str, Any]:
    """The snapshot entry of a declared workspace, or (ws None) of one only named by `ws_id`."""
    index.locations = {}
    ws_id = ws.id if ws is not None else str(ws_id)
    entry: dict[str, Any] = {"id": ws_id}
    if ws is not None:
        index.use(ws)
        _workspace_sections(index, ws, entry)
    else:
        _absent_workspace_sections(index, ws_id, why, entry)
    for key, type_ in CHILD_LISTS.items():
        if key != "outbound_rules":
            entry[key] = _list_section(_children(index, ws_id, type_), ML_API, index)
    entry["private_endpoint_connections"] = _list_section(_private_endpoint_connections(index, ws_id), ML_API, index)

    targets = [ws_id]
    locked = [ws_id]
    for key in ("storage_account", "key_vault", "container_registry", "application_insights", "log_analytics_workspace"):
        rid = (entry[key].get("resource") or {}).get("id")
        if rid and entry[key]["status"] == "ok":
            locked.append(rid)
            if key in ("storage_account", "key_vault", "container_registry"):
                targets.append(rid)
    cmk = (entry["cmk_key_vault"].get("resource") or {}).get("id")
    if cmk and cmk.lower() not in {t.lower() for t in targets}:
        targets.append(cmk)
    storage = (entry["storage_account"].get("resource") or {}).get("id")
    if storage:
        targets.append(f"{storage}/blobServices/default")
    entry["role_assignments"] = _by_target(index, "microsoft.authorization/roleassignments", [ws_id] + ([storage] if storage else []), "2022-04-01", _role_item)
    for section in entry["role_assignments"].values():
        # The declared assignments are kept, but they are not the whole picture: rules say unknown.
        section["status"] = "error"
        section["message"] = ROLE_ASSIGNMENTS_UNKNOWN
    entry["diagnostic_settings"] = _by_target(index, "microsoft.insights/diagnosticsettings", targets, "2021-05-01-preview")
    entry["locks"] = _by_target(index, "microsoft.authorization/locks", locked, "2020-05-01")
    alerts = [r for r in index.resources if r.type == "microsoft.insights/metricalerts" and _targets_workspace(r, ws_id)]
    entry["metric_alerts"] = _list_section(alerts, "2018-03-01", index)
    entry["source_locations"] = dict(sorted(index.locations.items()))
    order = ["id", "workspace", *CHILD_LISTS, "private_endpoint_connections", *LINKED, "blob_service", "log_analytics_workspace", "cmk_key_vault"]
    return {**{k: entry[k] for k in order if k in entry}, **entry}


_WORKSPACE_ID = re.compile(r"^(.*?/providers/microsoft\.machinelearningservices/workspaces/[^/]+)", re.IGNORECASE)
_JUDGED_UNDER = set(CHILD_LISTS.values()) | {"microsoft.insights/diagnosticsettings", "microsoft.authorization/locks", "microsoft.authorization/roleassignments"}


def _absent_workspaces(resources: list[IacResource], existing: list[IacResource]) -> list[tuple[str, str]]:
    """Workspaces the input names without declaring them, with why: `existing` ones, and the
    parents of declared computes, datastores, endpoints, connections and outbound rules (and of
    diagnostic settings, locks and role assignments applied to a workspace)."""
    found: list[tuple[str, str]] = []
    for res in existing:
        if res.type == WORKSPACE:
            found.append((res.id, "is declared `existing` in this template (it is deployed elsewhere)"))
    for res in resources:
        if res.type not in _JUDGED_UNDER:
            continue
        target = res.scope if res.scope else res.id
        match = _WORKSPACE_ID.match(target)
        if match and (res.scope is None or match.group(1).lower() == target.lower()):
            found.append((match.group(1), "is not declared in this template (resources are declared under it, so it exists already)"))
    return found


def assemble(resources: list[IacResource], kind: str, location: str, collected_at: str | None = None) -> dict[str, Any]:
    from scanner.redact import redact, redact_string

    existing = [r for r in resources if r.existing]
    resources = [r for r in resources if not r.existing]
    for res in resources:
        res.resource = redact(res.resource)  # keys, passwords, connection strings never reach a report
        canonicalise(res)  # ARM's names and types, before anything reads a property (a secret is no value to convert)
    index = _Index(resources)
    workspaces = [workspace_entry(index, r) for r in resources if r.type == WORKSPACE]
    declared = {r.id.lower() for r in resources if r.type == WORKSPACE}
    for ws_id, why in _absent_workspaces(resources, existing):
        if ws_id.lower() not in declared:
            declared.add(ws_id.lower())
            workspaces.append(workspace_entry(index, None, ws_id, why))
    for entry in workspaces:  # property paths come from the template's own names, which can hold a secret
        for place in entry.get("source_locations", {}).values():
            if isinstance(place.get("properties"), dict):
                place["properties"] = {redact_string(path): line for path, line in place["properties"].items()}
    return {
        "schema_version": "1",
        "scanner": {"name": SCANNER_NAME, "version": __version__},
        "collected_at": collected_at or NO_COLLECTION_TIME,
        "source": {"kind": kind, "location": location},
        "tenant_id": None,
        "workspaces": workspaces,
    }
