"""`az deployment group what-if --output json` -> snapshot of the after-state.

Every change's `after` is the resource as it will be once deployed (Create, Modify, NoChange,
Deploy; Ignore keeps `before`). Deleted resources are left out. What-if cannot evaluate some
expressions and leaves them as `[...]` strings; those, and Unsupported changes, become unresolved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.iac.arm_deployments import ci
from scanner.iac.arm_expressions import Unresolved, is_expression
from scanner.iac.arm_template import property_lines, read_json, strip_unresolved
from scanner.iac.assemble import IacResource, assemble

EXTENSIONS = ("microsoft.insights/diagnosticsettings", "microsoft.authorization/locks", "microsoft.authorization/roleassignments")
FIELDS = ("location", "tags", "identity", "sku", "kind", "properties")


def _mark(value: Any) -> Any:
    if is_expression(value):
        return Unresolved(f"what-if could not evaluate {value}")
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark(v) for v in value]
    return value


def _type_from_id(resource_id: str) -> str:
    parts = resource_id.strip("/").split("/")
    index = max(i for i, p in enumerate(parts) if p.lower() == "providers")
    tail = parts[index + 1 :]
    return "/".join([tail[0]] + tail[1::2])


def _scope_of(resource_id: str, type_: str) -> str | None:
    if type_.lower() not in EXTENSIONS:
        return None
    return resource_id[: resource_id.lower().rindex("/providers/")]


def what_if_resources(path: Path) -> list[IacResource]:
    data, positions, _ = read_json(path, "a what-if result")
    shown = path.as_posix()
    changes = data.get("changes") if isinstance(data, dict) else None
    if not isinstance(changes, list):
        raise UsageError(f"{shown}: not a what-if result: no 'changes' list (expected `az deployment group what-if --output json`)")
    if isinstance(data.get("error"), dict):
        raise UsageError(f"{shown}: the what-if operation failed: {data['error'].get('code')}: {data['error'].get('message')}")
    out: list[IacResource] = []
    for i, change in enumerate(changes):
        if not isinstance(change, dict) or not isinstance(change.get("resourceId"), str):
            raise UsageError(f"{shown}: change {i} has no resourceId")
        kind = str(change.get("changeType", "")).lower()
        if kind == "delete":
            continue
        rid = change["resourceId"]
        state_key = "before" if kind == "ignore" else "after"
        state = change.get(state_key)
        unresolved: list[str] = []
        keys = {k.lower(): k for k in state} if isinstance(state, dict) else {}
        if isinstance(state, dict):
            type_ = str(ci(state, "type") or _type_from_id(rid))
            resource: dict[str, Any] = {"id": rid, "name": ci(state, "name") or rid.rsplit("/", 1)[-1], "type": type_}
            resource.update({k: _mark(state[keys[k.lower()]]) for k in FIELDS if k.lower() in keys})
            resource = strip_unresolved(resource, "", unresolved)
        else:
            type_ = _type_from_id(rid)
            resource = {"id": rid, "name": rid.rsplit("/", 1)[-1], "type": type_, "properties": None}
            unresolved = ["properties"]  # Unsupported: what-if cannot predict this resource
        base = ("changes", i)
        start, end = positions.get(base, (1, 1))
        lines: dict[str, int] = {}
        props_key = keys.get("properties", "properties")
        property_lines(ci(state, "properties"), positions, (*base, state_key, props_key), "properties", lines)
        location = {"file": shown, "start_line": start, "end_line": end, "properties": lines}
        api = ci(state, "apiVersion")
        out.append(IacResource(resource, unresolved, location, api, _scope_of(rid, type_)))
    return out


def what_if_snapshot(path: Path) -> dict[str, Any]:
    return assemble(what_if_resources(path), "arm-what-if", path.as_posix())
