"""The template functions `arm_expressions` evaluates.

Strict functions get evaluated arguments; any `Unresolved` argument makes the result `Unresolved`
(except for the functions that build objects and arrays, which keep the marker inside). Lazy
functions (`if`, `and`, `or`, `coalesce`) evaluate only the arguments they need, like ARM does.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from scanner.iac.arm_datetime import date_time_add, date_time_from_epoch, date_time_to_epoch
from scanner.iac.arm_values import EvaluationContext as Context
from scanner.iac.arm_values import ExpressionError, Partial, Unresolved

_B32 = "abcdefghijklmnopqrstuvwxyz234567"
# guid() is a name-based (v5) UUID over the joined arguments.
_GUID_NAMESPACE = uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830")
_GUID_SHAPE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _first_unresolved(args: tuple[Any, ...]) -> Unresolved | None:
    return next((a for a in args if isinstance(a, Unresolved)), None)


def strict(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(ctx: Context, *args: Any) -> Any:
        unresolved = _first_unresolved(args)
        return unresolved if unresolved is not None else function(ctx, *args)

    return wrapper


def _str(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return "" if value is None else str(value)


def _format(_: Any, template: str, *args: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(0) in ("{{", "}}"):
            return match.group(0)[0]
        index = int(match.group(1))
        if index >= len(args):
            raise ExpressionError(f"format(): no argument {{{index}}}")
        value, spec = args[index], match.group(2) or ""
        if spec and isinstance(value, int) and spec[0] in "Dd":
            return str(value).zfill(int(spec[1:] or 0))
        return _str(value)

    return re.sub(r"\{\{|\}\}|\{(\d+)(?::([^}]*))?\}", replace, template)


def _resource_path(types: str, names: tuple[Any, ...]) -> str:
    namespace, *segments = types.split("/")
    if len(segments) != len(names):
        raise ExpressionError(f"resourceId(): type {types} needs {len(segments)} name(s), got {len(names)}")
    return f"/providers/{namespace}" + "".join(f"/{seg}/{name}" for seg, name in zip(segments, names))


def _resource_id(ctx: Context, *args: Any) -> str:
    split = next((i for i, a in enumerate(args) if isinstance(a, str) and "/" in a and "." in a.split("/")[0]), None)
    if split is None:
        raise ExpressionError("resourceId(): no resource type argument")
    before = args[:split]
    subscription, group = ctx.scope.subscription_id, ctx.scope.resource_group
    if len(before) == 2:
        subscription, group = before
    elif len(before) == 1:
        if _GUID_SHAPE.match(str(before[0])):
            subscription = before[0]
        else:
            group = before[0]
    if group is None:  # a subscription-scope deployment: ARM gives the subscription-level id
        return f"/subscriptions/{subscription}" + _resource_path(args[split], args[split + 1 :])
    return f"/subscriptions/{subscription}/resourceGroups/{group}" + _resource_path(args[split], args[split + 1 :])


def _subscription_resource_id(ctx: Context, *args: Any) -> str:
    subscription = ctx.scope.subscription_id
    if args and _GUID_SHAPE.match(str(args[0])):
        subscription, args = args[0], args[1:]
    return f"/subscriptions/{subscription}" + _resource_path(args[0], args[1:])


def _extension_resource_id(_: Any, base: str, types: str, *names: Any) -> str:
    return base + _resource_path(types, names)


def unique_string(*args: Any) -> str:
    """13 lowercase base32 characters, deterministic in the inputs. Not bit-identical to Azure's
    own hash: names built with uniqueString() differ from the deployed ones (see docs/iac.md)."""
    digest = hashlib.sha256("-".join(_str(a) for a in args).encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    return "".join(_B32[(number >> (5 * i)) & 31] for i in range(13))


def _contains(_: Any, container: Any, item: Any) -> bool:
    if isinstance(container, str):
        return _str(item) in container
    if isinstance(container, dict):
        return any(k.lower() == _str(item).lower() for k in container)
    if isinstance(container, list):
        return item in container
    raise ExpressionError(f"contains(): cannot search a {type(container).__name__}")


def _empty(_: Any, value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and len(value) == 0)


def _union(_: Any, *values: Any) -> Any:
    if all(isinstance(v, dict) for v in values):
        out: dict[str, Any] = {}
        for value in values:
            for key, item in value.items():
                out[key] = _union(None, out[key], item) if isinstance(out.get(key), dict) and isinstance(item, dict) else item
        return out
    if all(isinstance(v, list) for v in values):
        merged: list[Any] = []
        for value in values:
            merged.extend(item for item in value if item not in merged)
        return merged
    raise ExpressionError("union(): arguments must all be objects or all be arrays")


def _equals(_: Any, a: Any, b: Any) -> bool:
    return a == b and type(a) is type(b) if not (isinstance(a, (int, float)) and isinstance(b, (int, float))) else a == b


def _to_bool(_: Any, value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def _length(_: Any, value: Any) -> int:
    if not isinstance(value, (str, list, dict)):
        raise ExpressionError(f"length(): cannot measure a {type(value).__name__}")
    return len(value)


def _resource_group(ctx: Context) -> dict[str, Any]:
    scope = ctx.scope
    if scope.resource_group is None:
        raise ExpressionError("resourceGroup() cannot be used in a subscription-scope template (ARM refuses it): "
                              "deploy to a resource group with a nested deployment that names one")
    return {
        "id": f"/subscriptions/{scope.subscription_id}/resourceGroups/{scope.resource_group}",
        "name": scope.resource_group,
        "type": "Microsoft.Resources/resourceGroups",
        "location": scope.location,
        "properties": {"provisioningState": "Succeeded"},
    }


def _subscription(ctx: Context) -> dict[str, Any]:
    scope = ctx.scope
    return {"id": f"/subscriptions/{scope.subscription_id}", "subscriptionId": scope.subscription_id, "tenantId": scope.tenant_id, "displayName": Unresolved("subscription().displayName")}


def _environment(_: Any) -> dict[str, Any]:
    return {
        "name": "AzureCloud",
        "resourceManager": "https://management.azure.com/",
        "authentication": {"loginEndpoint": "https://login.microsoftonline.com/", "audiences": ["https://management.core.windows.net/", "https://management.azure.com/"]},
        "suffixes": {"storage": "core.windows.net", "keyvaultDns": ".vault.azure.net", "acrLoginServer": ".azurecr.io", "sqlServerHostname": ".database.windows.net"},
    }


def _copy_index(ctx: Context, *args: Any) -> int:
    name = next((a for a in args if isinstance(a, str)), None)
    offset = next((a for a in args if isinstance(a, int) and not isinstance(a, bool)), 0)
    if name not in ctx.copy_index:
        raise ExpressionError(f"copyIndex({name or ''}) used outside {'loop ' + repr(name) if name else 'a copy loop'}")
    return ctx.copy_index[name] + offset


def _lazy_if(ctx: Context, args: tuple[Any, ...]) -> Any:
    if len(args) != 3:
        raise ExpressionError("if() takes three arguments")
    condition = ctx.eval_node(args[0])
    if isinstance(condition, Unresolved):
        return condition
    return ctx.eval_node(args[1] if condition else args[2])


def _lazy_and(ctx: Context, args: tuple[Any, ...]) -> Any:
    pending: Unresolved | None = None
    for arg in args:
        value = ctx.eval_node(arg)
        if isinstance(value, Unresolved):
            pending = value
        elif not value:
            return False
    return pending if pending is not None else True


def _lazy_or(ctx: Context, args: tuple[Any, ...]) -> Any:
    pending: Unresolved | None = None
    for arg in args:
        value = ctx.eval_node(arg)
        if isinstance(value, Unresolved):
            pending = value
        elif value:
            return True
    return pending if pending is not None else False


def _lazy_coalesce(ctx: Context, args: tuple[Any, ...]) -> Any:
    for arg in args:
        value = ctx.eval_node(arg)
        if value is not None:
            return value
    return None


def _reference(ctx: Context, target: Any, *rest: Any) -> Any:
    """reference() of a nested deployment declared in the template gives its outputs (evaluated
    from the inline template); of anything else, a value known only after deployment."""
    if isinstance(target, str):
        marker = "/providers/microsoft.resources/deployments/"
        low = target.lower()
        name = target[low.rindex(marker) + len(marker):] if marker in low else (target if "/" not in target else None)
        handle = ctx.frame.deployments.get(name.lower()) if name else None
        if handle is not None:
            reason = f"reference({target!r}): only the outputs of a deployment are known before it runs"
            body = Partial({"outputs": handle.outputs()}, reason)
            full = any(isinstance(r, str) and r.lower() == "full" for r in rest)
            return Partial({"properties": body}, reason) if full else body
    if isinstance(target, str) and target.lower().startswith("/subscriptions/"):
        return Unresolved("reference()", target=target)  # runtime state of a resource whose id is known
    return Unresolved("reference()")


def _unresolved(name: str) -> Callable[..., Unresolved]:
    return lambda _ctx, *_args: Unresolved(f"{name}()")


LAZY: dict[str, Callable[[Context, tuple[Any, ...]], Any]] = {"if": _lazy_if, "and": _lazy_and, "or": _lazy_or, "coalesce": _lazy_coalesce}

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "parameters": strict(lambda ctx, name: ctx.parameter(name)),
    "variables": strict(lambda ctx, name: ctx.variable(name)),
    "concat": strict(lambda _, *a: [x for part in a for x in part] if a and all(isinstance(x, list) for x in a) else "".join(_str(x) for x in a)),
    "format": strict(_format),
    "resourceid": strict(_resource_id),
    "subscriptionresourceid": strict(_subscription_resource_id),
    "tenantresourceid": strict(lambda _, types, *names: _resource_path(types, names)),
    "extensionresourceid": strict(_extension_resource_id),
    "tolower": strict(lambda _, s: _str(s).lower()),
    "toupper": strict(lambda _, s: _str(s).upper()),
    "equals": strict(_equals),
    "not": strict(lambda _, v: not v),
    "greater": strict(lambda _, a, b: a > b),
    "greaterorequals": strict(lambda _, a, b: a >= b),
    "less": strict(lambda _, a, b: a < b),
    "lessorequals": strict(lambda _, a, b: a <= b),
    "union": strict(_union),
    "contains": strict(_contains),
    "empty": strict(_empty),
    "uniquestring": strict(lambda _, *a: unique_string(*a)),
    "guid": strict(lambda _, *a: str(uuid.uuid5(_GUID_NAMESPACE, "-".join(_str(x) for x in a)))),
    "copyindex": strict(_copy_index),
    "length": strict(_length),
    "string": strict(lambda _, v: v if isinstance(v, str) else _str(v)),
    "int": strict(lambda _, v: int(v)),
    "bool": strict(_to_bool),
    "true": lambda _: True,
    "false": lambda _: False,
    "null": lambda _: None,
    "json": strict(lambda _, s: json.loads(s)),
    "createarray": lambda _, *a: list(a),
    "array": lambda _, v: v if isinstance(v, list) else [v],
    "createobject": lambda _, *a: {a[i]: a[i + 1] for i in range(0, len(a) - 1, 2)},
    "first": strict(lambda _, v: v[0] if len(v) else None),
    "last": strict(lambda _, v: v[-1] if len(v) else None),
    "split": strict(lambda _, s, sep: re.split("|".join(re.escape(x) for x in (sep if isinstance(sep, list) else [sep])), s)),
    "replace": strict(lambda _, s, old, new: s.replace(old, new)),
    "substring": strict(lambda _, s, start, length=None: s[start:] if length is None else s[start : start + length]),
    "take": strict(lambda _, v, n: v[: max(n, 0)]),
    "skip": strict(lambda _, v, n: v[max(n, 0) :]),
    "startswith": strict(lambda _, s, p: s.lower().startswith(p.lower())),
    "endswith": strict(lambda _, s, p: s.lower().endswith(p.lower())),
    "indexof": strict(lambda _, s, p: s.lower().find(p.lower())),
    "trim": strict(lambda _, s: s.strip()),
    "padleft": strict(lambda _, v, n, c=" ": _str(v).rjust(n, c)),
    "join": strict(lambda _, items, sep: sep.join(_str(i) for i in items)),
    "range": strict(lambda _, start, count: list(range(start, start + count))),
    "min": strict(lambda _, *a: min(a[0] if len(a) == 1 else a)),
    "max": strict(lambda _, *a: max(a[0] if len(a) == 1 else a)),
    "base64": strict(lambda _, s: base64.b64encode(s.encode()).decode()),
    "uri": strict(lambda _, base, rel: base.rsplit("/", 1)[0] + "/" + rel.lstrip("/") if not base.endswith("/") else base + rel.lstrip("/")),
    "resourcegroup": _resource_group,
    "subscription": _subscription,
    "environment": _environment,
    "deployment": lambda ctx: {"name": ctx.scope.deployment_name, "properties": {}},
    "tenant": lambda ctx: {"tenantId": ctx.scope.tenant_id},
    "reference": strict(_reference),
    "listkeys": _unresolved("listKeys"),
    "utcnow": _unresolved("utcNow"),
    "datetimeadd": strict(date_time_add),
    "datetimetoepoch": strict(date_time_to_epoch),
    "datetimefromepoch": strict(date_time_from_epoch),
    "newguid": _unresolved("newGuid"),
    "pickzones": _unresolved("pickZones"),
    "managementgroup": _unresolved("managementGroup"),
}
