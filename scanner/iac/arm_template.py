"""ARM template (and `bicep build` output) + optional parameters file -> snapshot.

Resources are evaluated with `arm_expressions`; nested child resources, copy loops, conditions,
extension resources (`scope`, or the older `<type>/providers/<ext type>` form), `existing`
resources and nested deployments (Bicep modules with inline templates, see `arm_deployments`) are
expanded. Template keywords are matched case-insensitively, as ARM matches them. Each resource
keeps the lines of its declaration and of every property key, so SARIF points at the line to
change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.iac.arm_deployments import ci, declarations, handle_for, is_inline_deployment, register, template_frame
from scanner.iac.arm_expressions import Context, ExpressionError, Scope, Unresolved
from scanner.iac.assemble import IacResource, assemble
from scanner.snapshot.jsonpos import JSONPosError, Positions, parse

FIELDS = ("location", "tags", "identity", "sku", "kind", "properties")
KEY_ID = re.compile(r"/providers/microsoft\.keyvault/(vaults|managedhsms)/[^/]+/keys/[^/]+$", re.IGNORECASE)


def read_json(path: Path, what: str) -> tuple[Any, Positions, str]:
    shown = path.as_posix()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{shown}: file not found") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, expected {what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{shown}: cannot read {what}: {exc}") from None
    if not text.strip():
        raise UsageError(f"{shown}: file is empty, expected {what}")
    try:
        value, positions = parse(text)
    except JSONPosError as exc:
        raise UsageError(f"{shown}: not valid JSON at line {exc.line}, column {exc.column}: {exc.msg}") from None
    return value, positions, text


def strip_unresolved(value: Any, path: str, found: list[str]) -> Any:
    """Replace Unresolved markers by null, recording their dotted paths."""
    if isinstance(value, Unresolved):
        found.append(path)
        return None
    if isinstance(value, dict):
        return {k: strip_unresolved(v, f"{path}.{k}" if path else k, found) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_unresolved(v, f"{path}[{i}]", found) for i, v in enumerate(value)]
    return value


def property_lines(raw: Any, positions: Positions, base: tuple[Any, ...], dotted: str, out: dict[str, int], depth: int = 0) -> None:
    if not isinstance(raw, dict) or depth > 8:
        return
    for key, value in raw.items():
        here = (*base, key)
        name = f"{dotted}.{key}"
        if here in positions:
            out[name] = positions[here][0]
        property_lines(value, positions, here, name, out, depth + 1)


class TemplateReader:
    def __init__(self, file: str, positions: Positions) -> None:
        self.file = file
        self.positions = positions
        self.out: list[IacResource] = []

    def where(self, path: tuple[Any, ...]) -> str:
        line = self.positions.get(path, (0, 0))[0]
        return f"{self.file}:{line}"

    def read(self, template: Any, ctx: Context, base: tuple[Any, ...]) -> None:
        if not isinstance(template, dict) or ci(template, "resources") is None:
            if not base:
                raise UsageError(f"{self.file}: not an ARM template: no 'resources' (is this a parameters file or a what-if result?)")
            return  # a module that only computes outputs
        resources_key = next(k for k in template if k.lower() == "resources")
        for key, raw in declarations(template):
            self.resource(raw, ctx, (*base, resources_key, key), None)

    def instances(self, raw: dict[str, Any], ctx: Context) -> Iterator[Context]:
        copy = ci(raw, "copy")
        if not isinstance(copy, dict):
            yield ctx
            return
        count = ctx.evaluate(ci(copy, "count", 0))
        if isinstance(count, Unresolved):
            raise ExpressionError(f"copy loop {ci(copy, 'name')!r}: the count cannot be resolved before deployment")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ExpressionError(f"copy loop {ci(copy, 'name')!r}: count must be a non-negative integer, got {count!r}")
        for i in range(count):
            yield ctx.with_copy(ci(copy, "name"), i)

    def resource(self, raw: Any, ctx: Context, path: tuple[Any, ...], parent: tuple[str, str] | None) -> None:
        if not isinstance(raw, dict) or ci(raw, "type") is None or ci(raw, "name") is None:
            raise UsageError(f"{self.where(path)}: a resource needs 'type' and 'name'")
        try:
            for inner in self.instances(raw, ctx):
                self.instance(raw, inner, path, parent)
        except ExpressionError as exc:
            raise UsageError(f"{self.where(path)}: {exc}") from None

    def instance(self, raw: dict[str, Any], ctx: Context, path: tuple[Any, ...], parent: tuple[str, str] | None) -> None:
        if ci(raw, "condition") is not None:
            condition = ctx.evaluate(ci(raw, "condition"))
            if condition is False:
                return
        naming = ctx.naming()
        type_, name = naming.evaluate(ci(raw, "type")), naming.evaluate(ci(raw, "name"))
        if isinstance(name, Unresolved):
            name = f"unresolved-{path[-1]}"
        if isinstance(type_, Unresolved) or not isinstance(type_, str):
            raise ExpressionError("the resource type must be a literal string")
        if parent is not None and "/" not in type_.split(".")[0] and "." not in type_.split("/")[0]:
            type_, name = f"{parent[0]}/{type_}", f"{parent[1]}/{name}"
        scope = naming.evaluate(ci(raw, "scope")) if ci(raw, "scope") is not None else None
        if isinstance(scope, Unresolved):
            raise ExpressionError(f"the scope of {type_} {name} cannot be resolved before deployment")
        if "/providers/" in type_.lower():
            at = type_.lower().index("/providers/")
            target_type, ext_type = type_[:at], type_[at + len("/providers/"):]
            segments = str(name).split("/")
            depth = len(target_type.split("/")) - 1
            scope = naming.scope_id(target_type, segments[:depth])
            if "." not in ext_type.split("/")[0] and len(segments) > depth:
                ext_type = f"{segments[depth]}/{ext_type}"  # the namespace travels in the name
            type_, name = ext_type, "/".join(segments[depth + 1 :])
        names = str(name).split("/")
        if isinstance(scope, str) and scope:
            if not scope.startswith("/"):
                group = "" if ctx.scope.resource_group is None else f"/resourceGroups/{ctx.scope.resource_group}"
                scope = f"/subscriptions/{ctx.scope.subscription_id}{group}/providers/{scope}"
            namespace, *segments = type_.split("/")
            resource_id = f"{scope}/providers/{namespace}" + "".join(f"/{s}/{n}" for s, n in zip(segments, names))
        else:
            scope = None
            resource_id = naming.scope_id(type_, names)
        start, end = self.positions.get(path, (1, 1))
        location = {"file": self.file, "start_line": start, "end_line": end, "properties": {}}
        if ci(raw, "existing") is True:
            # It names a resource that exists: children link to it, but it is not judged as declared.
            stub = {"id": resource_id, "name": names[-1], "type": type_}
            self.out.append(IacResource(stub, [], location, None, scope, existing=True))
        elif is_inline_deployment(raw):
            deployment = handle_for(raw, ctx, self.file)
            template_key = next(k for k in ci(raw, "properties") if k.lower() == "template")
            properties_key = next(k for k in raw if k.lower() == "properties")
            self.read(deployment.template, deployment.inner(), (*path, properties_key, template_key))
            return
        else:
            self.declared(raw, ctx, path, resource_id, names[-1], type_, scope, location)
        children = ci(raw, "resources")
        if isinstance(children, list):
            children_key = next(k for k in raw if k.lower() == "resources")
            for i, child in enumerate(children):
                self.resource(child, ctx, (*path, children_key, i), (type_, str(name)))

    def declared(self, raw: dict[str, Any], ctx: Context, path: tuple[Any, ...], resource_id: str, name: str, type_: str,
                 scope: str | None, location: dict[str, Any]) -> None:
        resource: dict[str, Any] = {"id": resource_id, "name": name, "type": type_}
        keys = {k.lower(): k for k in raw if isinstance(k, str)}
        for field in FIELDS:
            if field.lower() in keys:
                resource[field] = ctx.evaluate(raw[keys[field.lower()]])
        unresolved: list[str] = []
        resource = strip_unresolved(resource, "", unresolved)
        lines: dict[str, int] = location["properties"]
        if "properties" in keys:
            property_lines(raw[keys["properties"]], self.positions, (*path, keys["properties"]), "properties", lines)
        for field in ("location", "tags", "identity", "sku", "kind"):
            if field in keys and (*path, keys[field]) in self.positions:
                key = (*path, keys[field])  # a tuple first: mypy reads x[(*a, b)] as 3.11's x[*a, b]
                lines[field] = self.positions[key][0]
        api_version = ci(raw, "apiVersion")
        links = self.links(raw, keys, ctx, unresolved)
        self.out.append(IacResource(resource, unresolved, location, str(api_version or "") or None, scope, links=links))

    @staticmethod
    def links(raw: dict[str, Any], keys: dict[str, str], ctx: Context, unresolved: list[str]) -> dict[str, str]:
        """Resource ids behind unresolved properties, evaluated with placeholders as names are."""
        paths = [p for p in unresolved if p.startswith("properties.") and "[" not in p]
        if not paths or "properties" not in keys:
            return {}
        try:
            named = ctx.naming().evaluate(raw[keys["properties"]])
        except ExpressionError:
            return {}
        out: dict[str, str] = {}
        for path in paths:
            value: Any = {"properties": named}
            for part in path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, str) and value.lower().startswith("/subscriptions/"):
                out[path] = value
            elif isinstance(value, Unresolved) and value.target and KEY_ID.search(value.target):
                out[path] = value.target  # reference(<a Key Vault key>).keyUriWithVersion names that key
        return out


def read_parameters_file(path: Path) -> dict[str, Any]:
    data, _, _ = read_json(path, "an ARM parameters file")
    params = ci(data, "parameters")
    if not isinstance(params, dict):
        raise UsageError(f"{path.as_posix()}: not an ARM parameters file: no 'parameters' object")
    out: dict[str, Any] = {}
    for name, entry in params.items():
        if isinstance(entry, dict) and any(k.lower() == "value" for k in entry):
            out[name] = ci(entry, "value")
        else:  # a Key Vault reference: the secret stays in the vault
            out[name] = Unresolved(f"parameter {name} is a Key Vault reference")
    return out


def _subscription_scope(template: dict[str, Any]) -> bool:
    """A template ARM deploys at subscription scope (`az deployment sub create`): Defender plans,
    policy, resource groups; a nested deployment naming a resource group deploys into it."""
    schema = ci(template, "$schema")
    return isinstance(schema, str) and "subscriptiondeploymenttemplate.json" in schema.lower()


def template_resources(path: Path, parameters: Path | None = None, scope: Scope | None = None) -> list[IacResource]:
    template, positions, _ = read_json(path, "an ARM template")
    shown = path.as_posix()
    if not isinstance(template, dict) or ci(template, "resources") is None:
        raise UsageError(f"{shown}: not an ARM template: no 'resources' (is this a parameters file or a what-if result?)")
    supplied = read_parameters_file(parameters) if parameters else {}
    where = parameters.as_posix() if parameters else shown
    if scope is None:
        scope = Scope(resource_group=None) if _subscription_scope(template) else Scope()
    ctx = Context(frame=template_frame(template, supplied, scope, where))
    reader = TemplateReader(shown, positions)
    try:
        register(template, ctx, shown)
    except ExpressionError as exc:
        raise UsageError(f"{shown}: {exc}") from None
    reader.read(template, ctx, ())
    return reader.out


def template_snapshot(path: Path, parameters: Path | None = None, scope: Scope | None = None) -> dict[str, Any]:
    return assemble(template_resources(path, parameters, scope), "arm-template", path.as_posix())
