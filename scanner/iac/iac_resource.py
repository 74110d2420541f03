"""One resource read from infrastructure code, and its normalisation to what ARM deploys.

Every IaC reader (ARM template, what-if, Terraform plan) produces `IacResource`s in ARM shape.
Before they are assembled into workspace entries, their property names are rewritten to ARM's
canonical casing and booleans and integers given as strings are converted (see
scanner.snapshot.canonical), together with the paths that point into them (unresolved paths, the
lines of properties), so rules, evidence and SARIF lines all speak ARM's spelling. A value ARM
would refuse is a usage error naming the file and the line of the property.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner.errors import UsageError


@dataclass
class IacResource:
    resource: dict[str, Any]  # ARM shape: id, name, type, location, tags, identity, sku, kind, properties
    unresolved: list[str] = field(default_factory=list)  # paths inside `resource`
    location: dict[str, Any] | None = None  # {file, start_line, end_line, properties: {path: line}}
    api_version: str | None = None
    scope: str | None = None  # extension resources: the id of the resource they apply to
    existing: bool = False  # declared `existing`: names a resource deployed elsewhere, not judged
    # Unresolved paths whose value, evaluated with `{parameter}` placeholders like names are, is a
    # resource id: used only to link the resources a template declares together, never judged.
    links: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.resource["id"])

    @property
    def type(self) -> str:
        return str(self.resource.get("type", "")).lower()


def _line_of(location: dict[str, Any] | None, path: str) -> int:
    """The line of a property, or of its closest ancestor the reader recorded, or of the resource."""
    if not location:
        return 0
    lines = location.get("properties") or {}
    while path:
        if path in lines:
            return int(lines[path])
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return int(location.get("start_line") or 0)


def canonicalise(res: IacResource) -> None:
    """Canonical names and typed values for one resource, in place."""
    from scanner.snapshot.canonical import CanonicalError, canonical_path, canonical_resource, known_type

    type_ = str(res.resource.get("type", ""))
    if not known_type(type_):
        return
    if res.location and res.location.get("properties"):
        res.location = {**res.location, "properties": {canonical_path(type_, k): v for k, v in res.location["properties"].items()}}
    try:
        res.resource = canonical_resource(type_, res.resource, strict=True)
    except CanonicalError as exc:
        file = (res.location or {}).get("file", "?")
        raise UsageError(f"{file}:{_line_of(res.location, exc.dotted)}: {type_} {res.resource.get('name')!r}: "
                         f"{exc.dotted}: {exc.message}") from None
    res.unresolved = [canonical_path(type_, p) for p in res.unresolved]
    res.links = {canonical_path(type_, k): v for k, v in res.links.items()}


def link_target(res: IacResource, path: str) -> Any:
    """The id a property names: its value, or for an unresolved value the id built with
    placeholders (so a workspace and the storage account a template creates for it stay linked)."""
    if path in res.unresolved:
        return res.links.get(path)
    value: Any = res.resource
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value
