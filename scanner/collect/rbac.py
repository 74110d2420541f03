"""Role assignments that apply at a resource, each with its role definition resolved.

`GET {resource}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()` returns the
assignments made at the resource and those inherited from its resource group, subscription and
management groups. Role definitions are read once per id and shared across workspaces.
"""

from __future__ import annotations

from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient, ArmError
from scanner.collect.redact import redact
from scanner.collect.sections import Cache, Section, from_error


def _role_definition(client: ArmClient, cache: Cache, definition_id: str) -> dict[str, Any] | None:
    def fetch() -> dict[str, Any] | None:
        try:
            body = client.get_json(definition_id, V.AUTHORIZATION)
        except ArmError:
            return None
        if isinstance(body, dict) and isinstance(body.get("id"), str) and isinstance(body.get("type"), str):
            return redact(body)
        return None

    return cache.get("roledef:" + definition_id, fetch)


def role_assignments_section(client: ArmClient, cache: Cache, resource_id: str) -> Section:
    path = f"{resource_id}/providers/Microsoft.Authorization/roleAssignments"
    try:
        assignments, note = client.list_items(path, V.AUTHORIZATION, {"$filter": "atScope()"})
    except ArmError as exc:
        return from_error(exc, V.AUTHORIZATION)
    items: list[dict[str, Any]] = []
    unresolved = 0
    for assignment in assignments:
        if not isinstance(assignment, dict) or "id" not in assignment or "type" not in assignment:
            continue
        props = assignment.get("properties") or {}
        definition_id = props.get("roleDefinitionId")
        definition = _role_definition(client, cache, definition_id) if isinstance(definition_id, str) else None
        if definition is None:
            unresolved += 1
        item: dict[str, Any] = {"assignment": redact(assignment), "role_definition": definition}
        scope = props.get("scope")
        if isinstance(scope, str) and scope.rstrip("/").lower() != resource_id.rstrip("/").lower():
            item["inherited_from"] = scope
        items.append(item)
    section: Section = {"status": "ok", "api_version": V.AUTHORIZATION, "items": items}
    notes = [n for n in (note, f"{unresolved} role definition(s) could not be read" if unresolved else None) if n]
    if notes:
        section["message"] = "; ".join(notes)
    return section
