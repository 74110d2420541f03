"""Group normalised IaC resources into snapshot workspace entries (snapshot format v1).

Every IaC reader (ARM template, what-if, Terraform plan) produces a flat list of `IacResource` in
ARM shape; this module attaches computes, diagnostic settings, locks, role assignments and private
endpoints to their workspace exactly where a live collection puts them, so the policies cannot tell
the sources apart. Issue 14's sections are built by `workspace_evidence` and `subscriptions`.

What IaC cannot know is left out rather than invented: a linked resource the input does not
declare gets status `error` with a message saying so (rules say unknown), policy assignments and
subscription-level alerts are absent (unknown), and role definitions are null.
"""

from __future__ import annotations

import re
from typing import Any

from scanner import SCANNER_NAME, __version__
from scanner.iac import workspace_evidence as evidence
from scanner.iac.api_shapes import upgrade
from scanner.iac.iac_resource import IacResource, canonicalise, link_target
from scanner.iac.private_endpoints import ML_REGISTRY, connections_to, registry_connections, targets_of
from scanner.iac.sections import Index, by_target, linked_by_id, linked_section, list_section, not_declared, resource_section, role_assignments
from scanner.iac.subscriptions import subscription_entries

__all__ = ["IacResource", "assemble"]

WORKSPACE = "microsoft.machinelearningservices/workspaces"
SECRETS = "microsoft.keyvault/vaults/secrets"
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
# IaC has no collection time; a fixed instant keeps reports byte-identical for the same inputs.
NO_COLLECTION_TIME = "1970-01-01T00:00:00Z"


def _outbound_rules(ws: IacResource, index: Index) -> list[IacResource]:
    rules = ((ws.resource.get("properties") or {}).get("managedNetwork") or {}).get("outboundRules") or {}
    out = []
    if isinstance(rules, dict):
        for name, rule in sorted(rules.items()):
            item = {"id": f"{ws.id}/outboundRules/{name}", "name": name, "type": "Microsoft.MachineLearningServices/workspaces/outboundRules", "properties": rule}
            out.append(IacResource(item, location=ws.location))
    return out + index.children(ws.id, CHILD_LISTS["outbound_rules"])


def _blob_service(index: Index, storage: dict[str, Any]) -> dict[str, Any]:
    """blobServices/default of the linked storage account: soft delete and versioning live there."""
    account = storage.get("resource")
    if storage["status"] != "ok" or not isinstance(account, dict):
        return not_declared("2026-09-01", "the storage account is not declared in this infrastructure code")
    blob_id = f"{account['id']}/blobServices/default"
    section = linked_by_id(index, blob_id, "2026-09-01")
    if section["status"] != "ok":
        section["message"] = "the blob service settings are not declared in this infrastructure code (an existing account keeps its own)"
    return section


def _targets_workspace(alert: IacResource, ws_id: str) -> bool:
    """Metric alerts scoped to the workspace or to one of its children (online endpoints)."""
    scopes = [str(s).lower() for s in (alert.resource.get("properties") or {}).get("scopes") or []]
    return any(s == ws_id.lower() or s.startswith(ws_id.lower() + "/") for s in scopes)


def _workspace_sections(index: Index, ws: IacResource, entry: dict[str, Any]) -> None:
    """The workspace and what it names: linked resources, its customer-managed key's vault and key."""
    index.use(ws)
    entry["workspace"] = resource_section(ws, ML_API)
    entry["outbound_rules"] = list_section(_outbound_rules(ws, index), ML_API, index)
    for key, (prop, api_version) in LINKED.items():
        entry[key] = linked_section(index, ws, f"properties.{prop}", api_version)
    entry["blob_service"] = _blob_service(index, entry["storage_account"])
    insights = entry["application_insights"]
    if insights["status"] == "ok":
        component = index.by_id.get(str((insights.get("resource") or {}).get("id")).lower())
        la_id = link_target(component, "properties.WorkspaceResourceId") if component else None
        entry["log_analytics_workspace"] = linked_by_id(index, la_id, "2025-07-01")
    else:
        entry["log_analytics_workspace"] = not_declared("2025-07-01", "Application Insights is not declared in this infrastructure code")
    cmk_id = link_target(ws, "properties.encryption.keyVaultProperties.keyVaultArmId")
    entry["cmk_key_vault"] = linked_by_id(index, cmk_id, "2026-05-15")
    entry.update(evidence.encryption_sections(index, ws))
    entry.update(evidence.key_sections(index, ws, entry["cmk_key_vault"]))


def _absent_workspace_sections(index: Index, ws_id: str, why: str, entry: dict[str, Any]) -> None:
    """A workspace the input does not declare (its children are declared under it, or it is
    `existing`): its own settings and what it links to are not in the input, so rules about them
    say unknown, naming why; its children are judged by their own rules."""
    name = ws_id.rsplit("/", 1)[-1]
    message = f"workspace {name} {why}: its own settings are not in this infrastructure code (scan it live)"
    entry["workspace"] = not_declared(ML_API, message, ws_id)
    entry["outbound_rules"] = list_section(index.children(ws_id, CHILD_LISTS["outbound_rules"]), ML_API, index)
    linked = f"workspace {name} is not declared in this infrastructure code, so the resources it links to are not known"
    for key, (_, api_version) in LINKED.items():
        entry[key] = not_declared(api_version, linked)
    entry["blob_service"] = not_declared("2026-09-01", linked)
    entry["log_analytics_workspace"] = not_declared("2025-07-01", linked)
    entry["cmk_key_vault"] = not_declared("2026-05-15", linked)
    entry.update(evidence.absent_sections(linked))


def workspace_entry(index: Index, ws: IacResource | None, ws_id: str | None = None, why: str = "") -> dict[str, Any]:
    """The snapshot entry of a declared workspace, or (ws None) of one only named by `ws_id`."""
    index.locations = {}
    ws_id = ws.id if ws is not None else str(ws_id)
    entry: dict[str, Any] = {"id": ws_id}
    if ws is not None:
        _workspace_sections(index, ws, entry)
    else:
        _absent_workspace_sections(index, ws_id, why, entry)
    for key, type_ in CHILD_LISTS.items():
        if key != "outbound_rules":
            entry[key] = list_section(index.children(ws_id, type_), ML_API, index)
    entry["private_endpoint_connections"] = list_section(connections_to(index, ws_id, WORKSPACE), ML_API, index)

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
    entry["role_assignments"] = role_assignments(index, [ws_id] + ([storage] if storage else []))
    datastores, blob_targets, blob_missing = evidence.datastore_sections(index, index.children(ws_id, CHILD_LISTS["datastores"]), entry)
    entry.update(datastores)
    targets += [t for t in blob_targets if t.lower() not in {x.lower() for x in targets}]
    diagnostics = {**by_target(index, "microsoft.insights/diagnosticsettings", targets, "2021-05-01-preview"), **blob_missing}
    entry["diagnostic_settings"] = evidence.service_known_after_apply(index, diagnostics)
    entry["log_analytics_destinations"] = evidence.log_destinations(index, targets + list(blob_missing))
    entry["associated_private_endpoint_connections"] = evidence.associated_connections(index, entry)
    entry["locks"] = by_target(index, "microsoft.authorization/locks", locked, "2020-05-01")
    alerts = [r for r in index.resources if r.type == "microsoft.insights/metricalerts" and _targets_workspace(r, ws_id)]
    entry["metric_alerts"] = list_section(alerts, "2018-03-01", index)
    entry["source_locations"] = dict(sorted(index.locations.items()))
    order = ["id", "workspace", *CHILD_LISTS, "private_endpoint_connections", *LINKED, "blob_service", "log_analytics_workspace", "cmk_key_vault"]
    return {**{k: entry[k] for k in order if k in entry}, **entry}


_WORKSPACE_ID = re.compile(r"^(.*?/providers/microsoft\.machinelearningservices/workspaces/[^/]+)", re.IGNORECASE)
_JUDGED_UNDER = set(CHILD_LISTS.values()) | {"microsoft.insights/diagnosticsettings", "microsoft.authorization/locks", "microsoft.authorization/roleassignments"}


def _absent_workspaces(resources: list[IacResource], existing: list[IacResource], index: Index) -> list[tuple[str, str]]:
    """Workspaces the input names without declaring them, with why: `existing` ones, the parents of
    declared computes, datastores, endpoints, connections and outbound rules (and of diagnostic
    settings, locks and role assignments applied to a workspace), and the targets of declared
    private endpoints."""
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
    for target in targets_of(index):
        match = _WORKSPACE_ID.match(target)
        if match and match.group(1).lower() == target:
            original = next(r for r in index.of_type("microsoft.network/privateendpoints") if target in str(r.resource).lower())
            exact = _find_case(original.resource, target) or target
            found.append((exact, "is not declared in this template (a private endpoint connects to it, so it exists already)"))
    return found


def _find_case(value: Any, low: str) -> str | None:
    """`low` as the input spells it (ids compare case-insensitively, but reports keep the input's)."""
    if isinstance(value, str):
        return value if value.lower() == low else None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return next((found for item in items if (found := _find_case(item, low))), None)


def _prepare(res: IacResource) -> None:
    """Before anything reads a resource: a secret keeps its metadata only (its value is never
    copied), an older api shape becomes the current one, secret-looking values are redacted, names
    and types are ARM's."""
    from scanner.redact import redact
    from scanner.snapshot.shapes import secret_metadata

    if res.type == SECRETS:
        res.resource = secret_metadata(res.resource)
        kept = ("properties.attributes", "properties.contentType")
        res.unresolved = [p for p in res.unresolved if not p.lower().startswith("properties.") or p.lower().startswith(tuple(k.lower() for k in kept))]
        if res.location and isinstance(res.location.get("properties"), dict):
            res.location = {**res.location, "properties": {p: n for p, n in res.location["properties"].items()
                                                           if p.lower().startswith(tuple(k.lower() for k in kept))}}
    upgrade(res)
    res.resource = redact(res.resource)  # keys, passwords, connection strings never reach a report
    canonicalise(res)  # ARM's names and types, before anything reads a property (a secret is no value to convert)


def assemble(resources: list[IacResource], kind: str, location: str, collected_at: str | None = None) -> dict[str, Any]:
    from scanner.redact import redact_string

    existing = [r for r in resources if r.existing]
    resources = [r for r in resources if not r.existing]
    for res in resources:
        _prepare(res)
    index = Index(resources)
    for registry in index.of_type(ML_REGISTRY):
        registry_connections(index, registry)
    workspaces = [workspace_entry(index, r) for r in resources if r.type == WORKSPACE]
    declared = {r.id.lower() for r in resources if r.type == WORKSPACE}
    for ws_id, why in _absent_workspaces(resources, existing, index):
        if ws_id.lower() not in declared:
            declared.add(ws_id.lower())
            workspaces.append(workspace_entry(index, None, ws_id, why))
    subscriptions, locations = subscription_entries(index, [w["id"] for w in workspaces])
    for entry in workspaces:  # a plan or registry judged in a workspace's context points at its own lines
        sub = entry["id"].split("/")[2].lower() if entry["id"].count("/") >= 2 else ""
        entry["source_locations"] = dict(sorted({**locations.get(sub, {}), **entry["source_locations"]}.items()))
        for place in entry.get("source_locations", {}).values():  # property paths come from the template's own names, which can hold a secret
            if isinstance(place.get("properties"), dict):
                place["properties"] = {redact_string(path): line for path, line in place["properties"].items()}
    return {
        "schema_version": "1",
        "scanner": {"name": SCANNER_NAME, "version": __version__},
        "collected_at": collected_at or NO_COLLECTION_TIME,
        "source": {"kind": kind, "location": location},
        "tenant_id": None,
        "subscriptions": subscriptions,
        "workspaces": workspaces,
    }
