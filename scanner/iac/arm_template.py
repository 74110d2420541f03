"""ARM template (and `bicep build` output) + optional parameters file -> snapshot.

Resources are evaluated with `arm_expressions`; nested child resources, copy loops, conditions,
extension resources (`scope`, or the older `<type>/providers/<ext type>` form) and nested
deployments (Bicep modules with inline templates) are expanded. Each resource keeps the lines of
its declaration and of every property key, so SARIF points at the line to change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from scanner.errors import UsageError
from scanner.iac.arm_expressions import Context, ExpressionError, Scope, Unresolved
from scanner.iac.assemble import IacResource, assemble
from scanner.iac.jsonpos import JSONPosError, Positions, parse

FIELDS = ("location", "tags", "identity", "sku", "kind", "properties")
DEPLOYMENTS = "microsoft.resources/deployments"


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
        if not isinstance(template, dict) or "resources" not in template:
            raise UsageError(f"{self.file}: not an ARM template: no 'resources' (is this a parameters file or a what-if result?)")
        resources = template["resources"]
        items = resources.items() if isinstance(resources, dict) else enumerate(resources)
        for key, raw in items:
            self.resource(raw, ctx, (*base, "resources", key), None)

    def instances(self, raw: dict[str, Any], ctx: Context) -> Iterator[Context]:
        copy = raw.get("copy")
        if not isinstance(copy, dict):
            yield ctx
            return
        count = ctx.evaluate(copy.get("count", 0))
        if isinstance(count, Unresolved):
            raise ExpressionError(f"copy loop {copy.get('name')!r}: the count cannot be resolved before deployment")
        for i in range(int(count)):
            yield ctx.with_copy(copy.get("name"), i)

    def resource(self, raw: Any, ctx: Context, path: tuple[Any, ...], parent: tuple[str, str] | None) -> None:
        if not isinstance(raw, dict) or "type" not in raw or "name" not in raw:
            raise UsageError(f"{self.where(path)}: a resource needs 'type' and 'name'")
        if raw.get("existing") is True:
            return
        for inner in self.instances(raw, ctx):
            try:
                self.instance(raw, inner, path, parent)
            except ExpressionError as exc:
                raise UsageError(f"{self.where(path)}: {exc}") from None

    def instance(self, raw: dict[str, Any], ctx: Context, path: tuple[Any, ...], parent: tuple[str, str] | None) -> None:
        if "condition" in raw:
            condition = ctx.evaluate(raw["condition"])
            if condition is False:
                return
        naming = ctx.naming()
        type_, name = naming.evaluate(raw["type"]), naming.evaluate(raw["name"])
        if isinstance(name, Unresolved):
            name = f"unresolved-{path[-1]}"
        if isinstance(type_, Unresolved) or not isinstance(type_, str):
            raise ExpressionError("the resource type must be a literal string")
        if parent is not None and "/" not in type_.split(".")[0] and "." not in type_.split("/")[0]:
            type_, name = f"{parent[0]}/{type_}", f"{parent[1]}/{name}"
        scope = naming.evaluate(raw["scope"]) if "scope" in raw else None
        if isinstance(scope, Unresolved):
            raise ExpressionError(f"the scope of {type_} {name} cannot be resolved before deployment")
        if "/providers/" in type_.lower():
            target_type, ext_type = type_.split("/providers/", 1) if "/providers/" in type_ else type_.split("/PROVIDERS/", 1)
            segments = str(name).split("/")
            depth = len(target_type.split("/")) - 1
            scope = naming.scope_id(target_type, segments[:depth])  # type: ignore[attr-defined]
            if "." not in ext_type.split("/")[0] and len(segments) > depth:
                ext_type = f"{segments[depth]}/{ext_type}"  # the namespace travels in the name
            type_, name = ext_type, "/".join(segments[depth + 1 :])
        names = str(name).split("/")
        if isinstance(scope, str) and scope:
            if not scope.startswith("/"):
                scope = f"/subscriptions/{ctx.scope.subscription_id}/resourceGroups/{ctx.scope.resource_group}/providers/{scope}"
            namespace, *segments = type_.split("/")
            resource_id = f"{scope}/providers/{namespace}" + "".join(f"/{s}/{n}" for s, n in zip(segments, names))
        else:
            scope = None
            resource_id = naming.scope_id(type_, names)  # type: ignore[attr-defined]
        if type_.lower() == DEPLOYMENTS and isinstance((raw.get("properties") or {}).get("template"), dict):
            self.nested(raw, ctx, path)
            return
        resource: dict[str, Any] = {"id": resource_id, "name": names[-1], "type": type_}
        for key in FIELDS:
            if key in raw:
                resource[key] = ctx.evaluate(raw[key])
        unresolved: list[str] = []
        resource = strip_unresolved(resource, "", unresolved)
        start, end = self.positions.get(path, (1, 1))
        lines: dict[str, int] = {}
        property_lines(raw.get("properties"), self.positions, (*path, "properties"), "properties", lines)
        for key in ("location", "tags", "identity", "sku", "kind"):
            if (*path, key) in self.positions:
                lines[key] = self.positions[(*path, key)][0]
        location = {"file": self.file, "start_line": start, "end_line": end, "properties": lines}
        self.out.append(IacResource(resource, unresolved, location, str(raw.get("apiVersion") or "") or None, scope))
        children = raw.get("resources")
        if isinstance(children, list):
            for i, child in enumerate(children):
                self.resource(child, ctx, (*path, "resources", i), (type_, str(name)))

    def nested(self, raw: dict[str, Any], ctx: Context, path: tuple[Any, ...]) -> None:
        """A nested deployment with an inline template (how `bicep build` compiles modules)."""
        props = raw["properties"]
        inner_template = props["template"]
        scope = Scope(ctx.scope.subscription_id, ctx.scope.resource_group, ctx.scope.location, ctx.scope.tenant_id, ctx.scope.deployment_name)
        if "resourceGroup" in raw:
            group = ctx.evaluate(raw["resourceGroup"])
            scope.resource_group = group if isinstance(group, str) else "unresolved-resource-group"
        if "subscriptionId" in raw and isinstance(ctx.evaluate(raw["subscriptionId"]), str):
            scope.subscription_id = ctx.evaluate(raw["subscriptionId"])
        if ((props.get("expressionEvaluationOptions") or {}).get("scope") or "outer").lower() == "inner":
            supplied = {k: (v or {}).get("value", Unresolved(f"parameter {k}")) for k, v in (props.get("parameters") or {}).items()}
            values = resolve_parameters(inner_template, {k: ctx.evaluate(v) for k, v in supplied.items()}, scope, self.file)
            inner = Context(values, inner_template.get("variables") or {}, scope)
        else:
            inner = Context(ctx.parameters, ctx.raw_variables, scope)
            inner.variables = ctx.variables
        self.read(inner_template, inner, (*path, "properties", "template"))


def _scope_id(self: Context, type_: str, names: list[str]) -> str:
    namespace, *segments = type_.split("/")
    tail = "".join(f"/{s}/{n}" for s, n in zip(segments, names))
    return f"/subscriptions/{self.scope.subscription_id}/resourceGroups/{self.scope.resource_group}/providers/{namespace}{tail}"


Context.scope_id = _scope_id  # type: ignore[attr-defined]


def resolve_parameters(template: dict[str, Any], supplied: dict[str, Any], scope: Scope, file: str) -> dict[str, Any]:
    declared = template.get("parameters") or {}
    unknown = sorted(set(k.lower() for k in supplied) - set(k.lower() for k in declared))
    if unknown:
        raise UsageError(f"{file}: the parameters file sets {unknown[0]!r}, which the template does not declare")
    by_lower = {k.lower(): v for k, v in supplied.items()}
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        if name.lower() in by_lower:
            values[name] = by_lower[name.lower()]
        elif isinstance(spec, dict) and "defaultValue" in spec:
            try:
                values[name] = Context(values, template.get("variables") or {}, scope).evaluate(spec["defaultValue"])
            except ExpressionError as exc:
                raise UsageError(f"{file}: default of parameter {name!r}: {exc}") from None
        else:
            values[name] = Unresolved(f"parameter {name} has no value")
    return values


def read_parameters_file(path: Path) -> dict[str, Any]:
    data, _, _ = read_json(path, "an ARM parameters file")
    params = data.get("parameters") if isinstance(data, dict) else None
    if not isinstance(params, dict):
        raise UsageError(f"{path.as_posix()}: not an ARM parameters file: no 'parameters' object")
    out: dict[str, Any] = {}
    for name, entry in params.items():
        if isinstance(entry, dict) and "value" in entry:
            out[name] = entry["value"]
        else:  # a Key Vault reference: the secret stays in the vault
            out[name] = Unresolved(f"parameter {name} is a Key Vault reference")
    return out


def template_resources(path: Path, parameters: Path | None = None, scope: Scope | None = None) -> list[IacResource]:
    template, positions, _ = read_json(path, "an ARM template")
    if not isinstance(template, dict) or "resources" not in template:
        raise UsageError(f"{path.as_posix()}: not an ARM template: no 'resources' (is this a parameters file or a what-if result?)")
    scope = scope or Scope()
    supplied = read_parameters_file(parameters) if parameters else {}
    values = resolve_parameters(template, supplied, scope, path.as_posix())
    reader = TemplateReader(path.as_posix(), positions)
    reader.read(template, Context(values, template.get("variables") or {}, scope), ())
    return reader.out


def template_snapshot(path: Path, parameters: Path | None = None, scope: Scope | None = None) -> dict[str, Any]:
    return assemble(template_resources(path, parameters, scope), "arm-template", path.as_posix())
