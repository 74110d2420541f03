"""Templates inside templates: the frame a template is evaluated in (its parameters, variables and
user-defined functions), and nested deployments with inline templates (how `bicep build` compiles
modules), whose `outputs` flow into the parent through
`reference('<name>').outputs.x.value` or `reference(resourceId('Microsoft.Resources/deployments', ...))`.

A deployment's outputs are evaluated when first referenced, from its inline template, with the
same evaluator; a deployment that references itself (directly or not) is refused by name. Linked
templates (`templateLink`, a URI) are not fetched: their outputs stay unresolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.errors import UsageError
from scanner.iac.arm_expressions import Context, Frame, Scope
from scanner.iac.arm_values import DeploymentKey, ExpressionError, Unresolved

DEPLOYMENTS = "microsoft.resources/deployments"


def ci(obj: Any, key: str, default: Any = None) -> Any:
    """A member of a template object, matched case-insensitively as ARM matches it."""
    if not isinstance(obj, dict):
        return default
    if key in obj:
        return obj[key]
    low = key.lower()
    return next((v for k, v in obj.items() if isinstance(k, str) and k.lower() == low), default)


def _functions(sections: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section in sections if isinstance(sections, list) else []:
        namespace = ci(section, "namespace")
        for name, spec in (ci(section, "members") or {}).items():
            out[f"{namespace}.{name}".lower()] = spec
    return out


def template_frame(template: dict[str, Any], given: dict[str, Any], scope: Scope, where: str,
                   naming_given: dict[str, Any] | None = None, deployments: dict[DeploymentKey, Any] | None = None) -> Frame:
    """The frame of one template. `given` are the supplied parameter values; every one must be
    declared by the template (ARM refuses the deployment otherwise)."""
    declared = ci(template, "parameters") or {}
    if not isinstance(declared, dict):
        raise UsageError(f"{where}: the template's 'parameters' must be an object")
    names = {k.lower(): k for k in declared}
    unknown = sorted(k for k in given if k.lower() not in names)
    if unknown:
        raise UsageError(f"{where}: parameter {unknown[0]!r} is given a value, but the template does not declare it")
    given = {names[k.lower()]: v for k, v in given.items()}
    if naming_given is not None:
        naming_given = {names[k.lower()]: v for k, v in naming_given.items() if k.lower() in names}
    variables = ci(template, "variables") or {}
    return Frame(scope, given, declared, variables if isinstance(variables, dict) else {}, _functions(ci(template, "functions")),
                 naming_given=naming_given, deployments=deployments)


def declarations(template: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    """(key, declaration) of a template's resources: indexes, or symbolic names (languageVersion 2.0)."""
    resources = ci(template, "resources")
    if isinstance(resources, dict):
        yield from resources.items()
    elif isinstance(resources, list):
        yield from enumerate(resources)


def is_inline_deployment(raw: Any) -> bool:
    return isinstance(raw, dict) and str(ci(raw, "type", "")).lower() == DEPLOYMENTS and isinstance(ci(ci(raw, "properties"), "template"), dict)


class Deployment:
    """A nested deployment with an inline template, at one copy-loop position of its parent."""

    def __init__(self, raw: dict[str, Any], ctx: Context, where: str) -> None:
        self.raw = raw
        self.ctx = ctx
        self.where = where
        self.index = dict(ctx.copy_index)
        self._inner: Context | None = None
        self._outputs: dict[str, Any] | None = None
        self._busy = False

    @property
    def template(self) -> dict[str, Any]:
        template: dict[str, Any] = ci(ci(self.raw, "properties"), "template")  # an inline deployment's (is_inline_deployment)
        return template

    def inner(self) -> Context:
        """The context the inline template is evaluated in (built once)."""
        if self._inner is not None:
            return self._inner
        ctx, props = self.ctx, ci(self.raw, "properties")
        outer = ctx.scope
        scope = Scope(outer.subscription_id, outer.resource_group, outer.location, outer.tenant_id, outer.deployment_name)
        if ci(self.raw, "resourceGroup") is not None:
            group = ctx.naming().evaluate(ci(self.raw, "resourceGroup"))
            scope.resource_group = group if isinstance(group, str) else "unresolved-resource-group"
        if ci(self.raw, "subscriptionId") is not None:
            subscription = ctx.naming().evaluate(ci(self.raw, "subscriptionId"))
            if isinstance(subscription, str):
                scope.subscription_id = subscription
        name = ctx.naming().evaluate(ci(self.raw, "name"))
        scope.deployment_name = name if isinstance(name, str) else outer.deployment_name
        options = ci(props, "expressionEvaluationOptions") or {}
        if str(ci(options, "scope") or "outer").lower() == "inner":
            supplied = ci(props, "parameters") or {}
            given = {k: ctx.evaluate(ci(v, "value")) if _has_value(v) else Unresolved(f"parameter {k} is a Key Vault reference")
                     for k, v in supplied.items()}
            naming = {k: ctx.naming().evaluate(ci(v, "value")) for k, v in supplied.items() if _has_value(v)}
            frame = template_frame(self.template, given, scope, self.where, naming)
        else:  # outer scope: the parent's parameters and variables, deployed to the deployment's target
            parent = ctx.frame
            frame = Frame(scope, parent.given, parent.declared, parent.raw_variables, parent.functions,
                          naming_given=parent.naming_given, deployments=parent.deployments)
        self._inner = Context(frame=frame)
        register(self.template, self._inner, self.where)
        return self._inner

    def outputs(self) -> dict[str, Any]:
        if self._outputs is not None:
            return self._outputs
        if self._busy:
            raise ExpressionError(f"circular reference: the outputs of deployment {self.name()!r} depend on themselves")
        self._busy = True
        try:
            ctx = self.inner()
            out: dict[str, Any] = {}
            for name, spec in (ci(self.template, "outputs") or {}).items():
                if not isinstance(spec, dict):
                    continue
                copy = ci(spec, "copy")
                if isinstance(copy, dict):
                    value = ctx.expand_copy({"name": name, "count": ci(copy, "count", 0), "input": ci(copy, "input")})
                else:
                    value = ctx.evaluate(ci(spec, "value"))
                out[name] = {"type": ci(spec, "type"), "value": value}
            self._outputs = out
        finally:
            self._busy = False
        return self._outputs

    def name(self) -> str:
        name = self.ctx.naming().evaluate(ci(self.raw, "name"))
        return name if isinstance(name, str) else "?"


def _has_value(entry: Any) -> bool:
    return isinstance(entry, dict) and any(k.lower() == "value" for k in entry)


def _instances(raw: dict[str, Any], ctx: Context) -> Iterator[Context]:
    copy = ci(raw, "copy")
    if not isinstance(copy, dict):
        yield ctx
        return
    count = ctx.evaluate(ci(copy, "count", 0))
    if isinstance(count, int) and not isinstance(count, bool):
        for i in range(max(count, 0)):
            yield ctx.with_copy(ci(copy, "name"), i)


def register(template: dict[str, Any], ctx: Context, where: str) -> None:
    """Record the template's nested deployments by name and symbolic name, so `reference()` can
    find their outputs before (or without) the reader reaching them."""
    registry = ctx.frame.deployments
    for key, raw in declarations(template):
        if not is_inline_deployment(raw):
            continue
        for instance in _instances(raw, ctx):
            handle = Deployment(raw, instance, where)
            value = instance.evaluate(ci(raw, "name"))
            for name in {handle.name(), value if isinstance(value, str) else ""} - {""}:
                registry.setdefault(name.lower(), handle)
            if isinstance(key, str):
                registry.setdefault(key.lower(), handle)
            registry.setdefault(("decl", id(raw), tuple(sorted(handle.index.items(), key=str))), handle)


def handle_for(raw: dict[str, Any], ctx: Context, where: str) -> Deployment:
    """The registered deployment for this declaration and copy position (or a new one)."""
    key = ("decl", id(raw), tuple(sorted(ctx.copy_index.items(), key=str)))
    handle = ctx.frame.deployments.get(key)
    return handle if handle is not None else Deployment(raw, ctx, where)
