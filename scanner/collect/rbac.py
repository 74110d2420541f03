"""Role assignments that apply at a resource, each with its role definition resolved.

`GET {resource}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()` returns the
assignments made at the resource and those inherited from its resource group, subscription and
management groups. Role definitions are read once per id and shared across workspaces.
"""

from __future__ import annotations

from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient, ArmError
from scanner.collect.sections import Cache, from_error
from scanner.redact import redact
from scanner.snapshot.model import Section


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


def _item(assignment: dict[str, Any], definition: dict[str, Any] | None, resource_id: str) -> dict[str, Any]:
    """One snapshot role-assignment item; `inherited_from` when it is made at a parent scope."""
    item: dict[str, Any] = {"assignment": redact(assignment), "role_definition": definition}
    scope = (assignment.get("properties") or {}).get("scope")
    if isinstance(scope, str) and scope.rstrip("/").lower() != resource_id.rstrip("/").lower():
        item["inherited_from"] = scope
    return item


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
        items.append(_item(assignment, definition, resource_id))
    section: Section = {"status": "ok", "api_version": V.AUTHORIZATION, "items": items}
    notes = [n for n in (note, f"{unresolved} role definition(s) could not be read" if unresolved else None) if n]
    if notes:
        section["message"] = "; ".join(notes)
    return section


def _above_subscription(client: ArmClient, cache: Cache, subscription_id: str) -> tuple[list[dict[str, Any]], str | None] | ArmError:
    """Assignments inherited from above the subscription (management groups, root): one
    `atScope()` GET per subscription, shared by its workspaces. Resource Graph's table is queried
    per subscription, so these are read from ARM."""

    def fetch() -> tuple[list[dict[str, Any]], str | None] | ArmError:
        try:
            items, note = client.list_items(
                f"/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleAssignments",
                V.AUTHORIZATION, {"$filter": "atScope()"},
            )
        except ArmError as exc:
            return exc
        above = [i for i in items if isinstance(i, dict) and not str((i.get("properties") or {}).get("scope", "")).lower().startswith("/subscriptions/")]
        return above, note

    return cache.get("ra-above:" + subscription_id, fetch)


def graph_role_assignments_section(client: ArmClient, cache: Cache, graph: Any, resource_id: str) -> Section:
    """The role assignments that apply at `resource_id`, from the Resource Graph index (scopes at or
    above the resource within its subscription) plus the per-subscription read of those above it;
    the same items `atScope()` returns. Falls back to the per-resource GET if the latter fails."""
    from scanner.collect.graph import API_VERSION, applies_to

    above = _above_subscription(client, cache, resource_id.split("/")[2])
    if isinstance(above, ArmError):
        return role_assignments_section(client, cache, resource_id)
    above_items, note = above
    chosen: dict[str, dict[str, Any]] = {}
    for assignment in graph.role_assignments:
        scope = (assignment.get("properties") or {}).get("scope")
        if isinstance(scope, str) and scope.lower().startswith("/subscriptions/") and applies_to(scope, resource_id):
            chosen.setdefault(assignment["id"].lower(), assignment)
    for assignment in above_items:
        if isinstance(assignment.get("id"), str):
            chosen.setdefault(assignment["id"].lower(), assignment)
    items: list[dict[str, Any]] = []
    unresolved = 0
    for key in sorted(chosen):
        assignment = chosen[key]
        if "type" not in assignment:
            continue
        props = assignment.get("properties") or {}
        definition_id = props.get("roleDefinitionId")
        definition = None
        if isinstance(definition_id, str):
            row = graph.role_definitions.get(definition_id.rstrip("/").rsplit("/", 1)[-1].lower())
            definition = redact(row) if row is not None else _role_definition(client, cache, definition_id)
        if definition is None:
            unresolved += 1
        items.append(_item(assignment, definition, resource_id))
    notes = [f"read from Azure Resource Graph (authorizationresources table, api-version {API_VERSION}) and, for scopes "
             f"above the subscription, GET roleAssignments?$filter=atScope() at api-version {V.AUTHORIZATION}"]
    notes += [n for n in (note, f"{unresolved} role definition(s) could not be read" if unresolved else None) if n]
    return {"status": "ok", "api_version": API_VERSION, "items": items, "message": "; ".join(notes)}
