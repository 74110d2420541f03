"""What changed between two scans: findings (new, resolved, changed) and configuration drift.

A *finding* is a result with status `fail`, identified by rule, resource and workspace
(`finding_key`). Between scan A (older) and scan B (newer):

- `new`: fails in B, did not fail in A (absent, pass, unknown, ...).
- `resolved`: failed in A, does not fail in B (pass, waived, unknown, or the resource is gone;
  `status_b` says which, null when absent).
- `changed`: in both, status changed without a failure appearing or disappearing
  (`unknown` -> `pass`, `pass` -> `error`, ...), or still failing with different evidence.

Configuration drift compares the two stored snapshots resource by resource (ARM ids,
case-insensitive): resources added and removed, and every leaf property whose value changed
(`properties.publicNetworkAccess`: `Disabled` -> `Enabled`). A role assignment counts as one
resource: a new Owner shows up as an added role assignment naming the role and the principal.
Every section keyed by resource id is walked (scanner.snapshot.canonical.ALL_MAP_SECTIONS: role
assignments of the workspace, of datastore accounts and of ML registries, diagnostic settings,
locks, private endpoint connections of associated resources, datastore storage accounts, Log
Analytics destinations), in workspace and subscription entries alike, and the collection status
of every section is compared (`defender_pricings`: `ok` -> `forbidden`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from scanner.evaluate.document import Result
from scanner.history.store import StoredResult, finding_key
from scanner.snapshot.canonical import ALL_MAP_SECTIONS, MAP_SECTIONS, map_item_type
from scanner.snapshot.model import SnapshotData

IGNORED_KEYS = frozenset({"etag", "systemData"})
MISSING = object()


# A result of this scan, or one the history recorded: drift compares the fields both have.
Finding = Result | StoredResult


class FindingChange(TypedDict):
    rule_id: str
    title: str
    severity: str
    resource_id: str
    workspace_id: str
    status_a: str | None
    status_b: str | None
    message: str


def _status_map(results: Iterable[Finding]) -> dict[str, Finding]:
    out: dict[str, Finding] = {}
    for result in results:
        out.setdefault(finding_key(result), result)
    return out


def _item(result: Finding, status_a: str | None, status_b: str | None) -> FindingChange:
    return {
        "rule_id": result["rule_id"],
        "title": result["title"],
        "severity": result["severity"],
        "resource_id": result["resource_id"],
        "workspace_id": result["workspace_id"],
        "status_a": status_a,
        "status_b": status_b,
        "message": result["message"],
    }


def diff_findings(results_a: Iterable[Finding], results_b: Iterable[Finding]) -> dict[str, list[FindingChange]]:
    a, b = _status_map(results_a), _status_map(results_b)
    new: list[FindingChange] = []
    resolved: list[FindingChange] = []
    changed: list[FindingChange] = []
    for key in sorted(set(a) | set(b)):
        ra, rb = a.get(key), b.get(key)
        sa = ra["status"] if ra else None
        sb = rb["status"] if rb else None
        if rb is not None and sb == "fail" and sa != "fail":
            new.append(_item(rb, sa, sb))
        elif ra is not None and sa == "fail" and sb != "fail":
            resolved.append(_item(rb or ra, sa, sb))
        elif ra and rb and (sa != sb or (sa == "fail" and ra.get("evidence") != rb.get("evidence"))):
            changed.append(_item(rb, sa, sb))
    return {"new": new, "resolved": resolved, "changed": changed}


# -- configuration drift ----------------------------------------------------------------------


def _role_summary(item: dict[str, Any]) -> str:
    assignment = (item.get("assignment") or {}).get("properties") or {}
    role = ((item.get("role_definition") or {}).get("properties") or {}).get("roleName") or assignment.get("roleDefinitionId")
    principal = f"{assignment.get('principalType') or 'principal'} {assignment.get('principalId')}"
    return f"role '{role}' for {principal} at {assignment.get('scope')}"


def _add(index: dict[str, dict[str, Any]], rid: Any, kind: str, value: Any, summary: str | None = None) -> None:
    if isinstance(rid, str) and rid and isinstance(value, dict):
        index.setdefault(rid.lower(), {"id": rid, "type": kind, "value": value, "summary": summary})


def _index_section(index: dict[str, dict[str, Any]], section: Any, item_type: str = "") -> None:
    """The resource or items of one section; `item_type` names items that carry no `type` (a key
    vault's private endpoint connections)."""
    if not isinstance(section, dict):
        return
    resource = section.get("resource")
    if isinstance(resource, dict):
        _add(index, resource.get("id"), str(resource.get("type", "")), resource)
    for item in section.get("items") or []:
        if isinstance(item, dict) and isinstance(item.get("assignment"), dict):
            assignment = item["assignment"]
            _add(index, assignment.get("id"), str(assignment.get("type", "Microsoft.Authorization/roleAssignments")), item, _role_summary(item))
        elif isinstance(item, dict):
            _add(index, item.get("id"), str(item.get("type") or item_type), item)


def _index_entry(index: dict[str, dict[str, Any]], entry: Mapping[str, Any], key: str) -> None:
    """Every section of a workspace or subscription entry, and their statuses under `key#collection`."""
    statuses: dict[str, Any] = {}
    for name, section in entry.items():
        if name in ALL_MAP_SECTIONS and isinstance(section, dict):
            for scope_id, inner in section.items():
                _index_section(index, inner, map_item_type(name, str(scope_id)) if name in MAP_SECTIONS else "")
                if isinstance(inner, dict):
                    statuses[f"{name}[{scope_id}]"] = inner.get("status")
        elif isinstance(section, dict):
            _index_section(index, section)
            statuses[name] = section.get("status")
    _add(index, key + "#collection", "amlscan/sectionStatus", statuses)


def resource_index(snapshot: SnapshotData) -> dict[str, dict[str, Any]]:
    """Every resource of a snapshot by lower-cased ARM id, plus each section's collection status."""
    index: dict[str, dict[str, Any]] = {}
    for sub in snapshot.get("subscriptions", []):
        if isinstance(sub, dict):
            _index_entry(index, sub, f"/subscriptions/{sub.get('subscription_id')}")
    for ws in snapshot.get("workspaces", []):
        _index_entry(index, ws, str(ws.get("id", "")))
    return index


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values by path: `properties.encryption.status`, `items[0].name`."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            if key in IGNORED_KEYS:
                continue
            out.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out if out or not prefix else {prefix: {}}
    if isinstance(value, list):
        out = {}
        for position, inner in enumerate(value):
            out.update(flatten(inner, f"{prefix}[{position}]"))
        return out if out or not prefix else {prefix: []}
    return {prefix: value}


def diff_snapshots(snapshot_a: SnapshotData, snapshot_b: SnapshotData) -> dict[str, list[dict[str, Any]]]:
    a, b = resource_index(snapshot_a), resource_index(snapshot_b)
    added = [{"id": b[k]["id"], "type": b[k]["type"], "summary": b[k]["summary"]} for k in sorted(set(b) - set(a))]
    removed = [{"id": a[k]["id"], "type": a[k]["type"], "summary": a[k]["summary"]} for k in sorted(set(a) - set(b))]
    changed: list[dict[str, Any]] = []
    for key in sorted(set(a) & set(b)):
        flat_a, flat_b = flatten(a[key]["value"]), flatten(b[key]["value"])
        for path in sorted(set(flat_a) | set(flat_b)):
            before, after = flat_a.get(path, MISSING), flat_b.get(path, MISSING)
            if before != after or type(before) is not type(after):
                changed.append({
                    "id": b[key]["id"],
                    "type": b[key]["type"],
                    "path": path,
                    "before": None if before is MISSING else before,
                    "after": None if after is MISSING else after,
                    "change": "added" if before is MISSING else "removed" if after is MISSING else "modified",
                })
    return {"resources_added": added, "resources_removed": removed, "properties_changed": changed}
