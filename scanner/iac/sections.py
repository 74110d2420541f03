"""Snapshot sections built from infrastructure code, shared by the assembly modules.

An IaC snapshot says `ok` only for what the input declares, `error` (with a message) for what it
cannot know: a linked resource deployed elsewhere, a value known only at deployment, role
assignments inherited from other scopes. Rules say unknown on anything not `ok`.
"""

from __future__ import annotations

from typing import Any

from scanner.iac.iac_resource import IacResource, link_target

NOT_DECLARED = "not declared in this infrastructure code: its state is unknown until it is scanned live"
ROLE_ASSIGNMENTS_UNKNOWN = (
    "infrastructure code declares only its own role assignments: assignments inherited from other scopes, "
    "role definitions and principals (guest, deleted) are known only to a live scan"
)
Section = dict[str, Any]
# Stands for the service of a storage account a Terraform diagnostic setting targets when the plan
# shows only a reference to the account (its target id is known after apply).
SERVICE_KNOWN_AFTER_APPLY = "services/known-after-apply"


class Index:
    """The declared resources of one input, by lower-cased id; `locations` collects the source lines
    of the resources one workspace entry uses (its `source_locations`)."""

    def __init__(self, resources: list[IacResource]) -> None:
        self.resources = resources
        self.by_id = {r.id.lower(): r for r in resources}
        self.locations: dict[str, dict[str, Any]] = {}

    def use(self, res: IacResource) -> None:
        if res.location:
            self.locations[res.id.lower()] = res.location

    def of_type(self, type_: str) -> list[IacResource]:
        return [r for r in self.resources if r.type == type_]

    def extensions(self, type_: str, target: str) -> list[IacResource]:
        return [r for r in self.resources if r.type == type_ and (r.scope or "").lower() == target.lower()]

    def children(self, parent_id: str, type_: str) -> list[IacResource]:
        prefix = parent_id.lower() + "/"
        return [r for r in self.resources if r.type == type_ and r.id.lower().startswith(prefix)]


def resource_section(res: IacResource, api_version: str | None) -> Section:
    section: Section = {"status": "ok", "api_version": res.api_version or api_version, "resource": res.resource}
    if res.unresolved:
        section["unresolved"] = sorted(set(res.unresolved))
    return section


def not_declared(api_version: str | None, message: str, resource_id: str | None = None) -> Section:
    return {"status": "error", "api_version": api_version, "resource": None, "resource_id": resource_id, "message": message}


def failed_list(api_version: str | None, message: str) -> Section:
    return {"status": "error", "api_version": api_version, "items": [], "message": message}


def linked_by_id(index: Index, target: Any, api_version: str) -> Section:
    """The declared resource `target` names: ok null when it names none, error when it is not declared."""
    if not isinstance(target, str) or not target.strip():
        return {"status": "ok", "api_version": api_version, "resource": None, "resource_id": None}
    res = index.by_id.get(target.lower())
    if res is None:
        return not_declared(api_version, NOT_DECLARED, target)
    index.use(res)
    section = resource_section(res, api_version)
    section["resource_id"] = res.id
    return section


def linked_section(index: Index, res: IacResource, path: str, api_version: str) -> Section:
    """The resource a property of `res` names (`properties.storageAccount`), linked through the
    placeholder id when the property itself is known only at deployment."""
    target = link_target(res, path)
    if path in res.unresolved and (not isinstance(target, str) or target.lower() not in index.by_id):
        name = path.rsplit(".", 1)[-1]
        return not_declared(api_version, f"the workspace's {name} cannot be resolved before deployment")
    return linked_by_id(index, target, api_version)


def list_section(items: list[IacResource], api_version: str | None, index: Index, message: str | None = None) -> Section:
    unresolved: list[str] = []
    for i, item in enumerate(items):
        index.use(item)
        unresolved += [f"items[{i}].{path}" for path in item.unresolved]
    section: Section = {"status": "ok", "api_version": api_version, "items": [item.resource for item in items]}
    if unresolved:
        section["unresolved"] = unresolved
    if message:
        section["message"] = message
    return section


def dependent(parent: Section, what: str, api_version: str | None, kind: str = "list") -> Section:
    """A section about a resource whose own section is not ok: it takes that status and says why."""
    message = f"{what}: {parent.get('message') or parent.get('status')}"
    if kind == "resource":
        return {"status": parent.get("status", "error"), "api_version": api_version, "resource": None,
                "resource_id": parent.get("resource_id"), "message": message}
    return {"status": parent.get("status", "error"), "api_version": api_version, "items": [], "message": message}


def role_item(item: IacResource, target: str) -> dict[str, Any]:
    return {"assignment": item.resource, "role_definition": None}


def by_target(index: Index, type_: str, targets: list[str], api_version: str, wrap: Any = None) -> dict[str, Section]:
    """Extension resources of `type_` (diagnostic settings, locks, role assignments) by the lower-cased
    id of the resource they apply to."""
    out: dict[str, Section] = {}
    for target in targets:
        items = index.extensions(type_, target)
        section = list_section(items, api_version, index)
        if wrap is not None:
            section["items"] = [wrap(item, target) for item in items]
        out[target.lower()] = section
    return out


def role_assignments(index: Index, targets: list[str]) -> dict[str, Section]:
    """The declared role assignments at each target; never the whole picture, so `error` (unknown)."""
    out = by_target(index, "microsoft.authorization/roleassignments", targets, "2022-04-01", role_item)
    for section in out.values():
        section["status"] = "error"
        section["message"] = ROLE_ASSIGNMENTS_UNKNOWN
    return out


def resource_of(section: Section) -> dict[str, Any] | None:
    resource = section.get("resource")
    return resource if section.get("status") == "ok" and isinstance(resource, dict) else None
