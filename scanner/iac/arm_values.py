"""Values the ARM template evaluator passes around, shared by `arm_expressions` (the evaluator)
and `arm_functions` (the template functions), so neither imports the other's module state."""

from __future__ import annotations

from typing import Any

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
