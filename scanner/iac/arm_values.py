"""Values the ARM template evaluator passes around, shared by `arm_expressions` (the evaluator)
and `arm_functions` (the template functions), so neither imports the other's module state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from scanner.errors import UsageError


class Unresolved:
    """A value only known at deployment time; `reason` says why (shown in docs and debug output).
    `target` is the resource id a `reference()` names, when it is known: the value is a runtime
    property of that resource (a key's `keyUriWithVersion`), which links the two, never judged."""

    __slots__ = ("reason", "target")

    def __init__(self, reason: str, target: str | None = None) -> None:
        self.reason = reason
        self.target = target

    def __repr__(self) -> str:
        return f"Unresolved({self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unresolved)

    def __hash__(self) -> int:
        return 0


class ExpressionError(UsageError):
    """A malformed expression or a wrong call: the template itself is broken (exit 2)."""


class Partial(dict):  # type: ignore[type-arg]
    """An object of which only some properties are known before deployment (the result of
    `reference()` on a nested deployment: its outputs): any other property is Unresolved."""

    def __init__(self, known: dict[str, Any], reason: str) -> None:
        super().__init__(known)
        self.reason = reason


def contains_unresolved(value: Any) -> bool:
    if isinstance(value, Unresolved):
        return True
    if isinstance(value, dict):
        return any(contains_unresolved(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unresolved(v) for v in value)
    return False


@dataclass
class Scope:
    """Where the deployment goes. Templates are scanned before deployment, so unless told otherwise
    the ids use placeholders; waivers match template resources with globs. `resource_group` is None
    for a subscription-scope deployment (subscriptionDeploymentTemplate): its resources and
    `resourceId()` have subscription-level ids, as ARM gives them."""

    subscription_id: str = "00000000-0000-0000-0000-000000000000"
    resource_group: str | None = "resource-group"
    location: Any = field(default_factory=lambda: Unresolved("resourceGroup().location"))
    tenant_id: Any = field(default_factory=lambda: Unresolved("subscription().tenantId"))
    deployment_name: str = "deployment"


# A nested deployment's key in its frame: its lower-cased name or symbolic name, or, for one
# declaration at one copy position, ("decl", id of the declaration, copy indexes).
DeploymentKey = str | tuple[Any, ...]


class DeploymentFrame(Protocol):
    """The template frame a function may look into (arm_expressions.Frame)."""

    deployments: dict[DeploymentKey, Any]  # arm_deployments.Deployment of the nested deployments declared


class EvaluationContext(Protocol):
    """What a template function may ask of the evaluator. arm_expressions.Context implements it;
    declared here so the functions (arm_functions) need not import the evaluator that calls them."""

    copy_index: dict[str | None, int]

    @property
    def scope(self) -> Scope: ...

    @property
    def frame(self) -> DeploymentFrame: ...

    def parameter(self, name: str) -> Any: ...

    def variable(self, name: str) -> Any: ...

    def eval_node(self, node: Any) -> Any: ...
