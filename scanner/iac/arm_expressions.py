"""ARM template language expressions: parse `[...]` strings and evaluate them.

Values that cannot be known before deployment (`reference()`, `list*()`, `utcNow()`, `newGuid()`,
user-defined functions, an unset parameter without default) evaluate to an `Unresolved` marker.
Every function that needs such a value returns `Unresolved` itself, so a template property built
from it is reported as unresolved and rules say `unknown`: nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from scanner.errors import UsageError


class Unresolved:
    """A value only known at deployment time; `reason` says why (shown in docs and debug output)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unresolved({self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unresolved)

    def __hash__(self) -> int:
        return 0


class ExpressionError(UsageError):
    """A malformed expression or a wrong call: the template itself is broken (exit 2)."""


_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[(),.\[\]]))"
)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Literal:
    value: Any


@dataclass(frozen=True)
class Member:
    target: Any
    key: Any  # a node evaluating to a str or int


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("[") and value.endswith("]") and not value.startswith("[[")


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match:
            raise ExpressionError(f"cannot parse expression near {text[pos:pos + 20]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.source = text
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise ExpressionError(f"malformed expression [{self.source}]: expected {value or 'more input'}")
        self.i += 1
        return token

    def parse(self) -> Any:
        node = self.expr()
        if self.peek() is not None:
            raise ExpressionError(f"malformed expression [{self.source}]: unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return node

    def expr(self) -> Any:
        kind, value = self.take()
        if kind == "str":
            node: Any = Literal(value[1:-1].replace("''", "'"))
        elif kind == "num":
            node = Literal(float(value) if "." in value else int(value))
        elif kind == "ident":
            name = value
            while self.peek() == ("punct", ".") and self.i + 2 < len(self.tokens) and self.tokens[self.i + 2] == ("punct", "("):
                self.take(".")
                name += "." + self.take()[1]  # user-defined function namespace.name
            self.take("(")
            args: list[Any] = []
            if self.peek() != ("punct", ")"):
                args.append(self.expr())
                while self.peek() == ("punct", ","):
                    self.take(",")
                    args.append(self.expr())
            self.take(")")
            node = Call(name.lower(), tuple(args))
        else:
            raise ExpressionError(f"malformed expression [{self.source}]: unexpected {value!r}")
        while self.peek() in (("punct", "."), ("punct", "[")):
            if self.take()[1] == ".":
                node = Member(node, Literal(self.take()[1]))
            else:
                node = Member(node, self.expr())
                self.take("]")
        return node


_PARSED: dict[str, Any] = {}


def parse_expression(text: str) -> Any:
    """Parse the inside of `[...]` (cached: templates repeat the same expressions)."""
    node = _PARSED.get(text)
    if node is None:
        node = _PARSED[text] = _Parser(text).parse()
    return node


@dataclass
class Scope:
    """Where the deployment goes. Templates are scanned before deployment, so unless told otherwise
    the ids use placeholders; waivers match template resources with globs."""

    subscription_id: str = "00000000-0000-0000-0000-000000000000"
    resource_group: str = "resource-group"
    location: Any = field(default_factory=lambda: Unresolved("resourceGroup().location"))
    tenant_id: Any = field(default_factory=lambda: Unresolved("subscription().tenantId"))
    deployment_name: str = "deployment"


class Context:
    """Evaluation context of one template: parameters, lazily evaluated variables, copy indexes."""

    def __init__(self, parameters: dict[str, Any], variables: dict[str, Any], scope: Scope) -> None:
        self.parameters = parameters
        self.raw_variables = variables
        self.variables: dict[str, Any] = {}
        self.scope = scope
        self.copy_index: dict[str | None, int] = {}
        self._evaluating: set[str] = set()
        self._naming: Context | None = None

    def with_copy(self, name: str | None, index: int) -> "Context":
        child = Context(self.parameters, self.raw_variables, self.scope)
        child.variables = self.variables
        child._evaluating = self._evaluating
        child.copy_index = {**self.copy_index, name: index, None: index}
        child._naming = self._naming
        return child

    def naming(self) -> "Context":
        """A context for names, types and scopes: a parameter without a value becomes the
        placeholder `{name}`, so ids stay consistent across resources that share it while property
        values built from it stay unresolved."""
        if self._naming is None:
            params = {k: (f"{{{k}}}" if isinstance(v, Unresolved) else v) for k, v in self.parameters.items()}
            self._naming = Context(params, self.raw_variables, self.scope)
            self._naming._naming = self._naming
        self._naming.copy_index = self.copy_index
        return self._naming

    def variable(self, name: str) -> Any:
        key = next((k for k in self.raw_variables if k.lower() == name.lower()), None)
        loops = self.raw_variables.get("copy")
        if key is None and isinstance(loops, list):
            loop = next((c for c in loops if isinstance(c, dict) and str(c.get("name", "")).lower() == name.lower()), None)
            if loop is not None:
                if loop["name"] not in self.variables:
                    self.variables[loop["name"]] = self.expand_copy(loop)
                return self.variables[loop["name"]]
        if key is None:
            raise ExpressionError(f"variables('{name}'): no such variable")
        if key not in self.variables:
            if key in self._evaluating:
                raise ExpressionError(f"variables('{name}'): circular reference")
            self._evaluating.add(key)
            try:
                self.variables[key] = self.evaluate(self.raw_variables[key])
            finally:
                self._evaluating.discard(key)
        return self.variables[key]

    def parameter(self, name: str) -> Any:
        key = next((k for k in self.parameters if k.lower() == name.lower()), None)
        if key is None:
            raise ExpressionError(f"parameters('{name}'): no such parameter")
        return self.parameters[key]

    def evaluate(self, value: Any) -> Any:
        """Evaluate a template value: strings holding expressions, objects, arrays, property copy loops."""
        if isinstance(value, str):
            if is_expression(value):
                return self.eval_node(parse_expression(value[1:-1]))
            return value[1:] if value.startswith("[[") else value
        if isinstance(value, list):
            return [self.evaluate(item) for item in value]
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                if key == "copy" and isinstance(item, list) and all(isinstance(c, dict) and "input" in c for c in item):
                    for loop in item:
                        out[loop["name"]] = self.expand_copy(loop)
                else:
                    name = self.evaluate(key) if is_expression(key) else key
                    out[name if isinstance(name, str) else str(key)] = self.evaluate(item)
            return out
        return value

    def expand_copy(self, loop: dict[str, Any]) -> Any:
        count = self.evaluate(loop.get("count", 0))
        if isinstance(count, Unresolved):
            return count
        if not isinstance(count, int) or count < 0:
            raise ExpressionError(f"copy loop {loop.get('name')!r}: count must be a non-negative integer, got {count!r}")
        return [self.with_copy(loop.get("name"), i).evaluate(loop["input"]) for i in range(count)]

    def eval_node(self, node: Any) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Member):
            target = self.eval_node(node.target)
            key = self.eval_node(node.key)
            return member(target, key)
        from scanner.iac.arm_functions import FUNCTIONS, LAZY

        if node.name in LAZY:
            return LAZY[node.name](self, node.args)
        function: Callable[..., Any] | None = FUNCTIONS.get(node.name)
        if function is None:
            if "." in node.name or node.name.startswith("list"):
                return Unresolved(f"{node.name}()")
            raise ExpressionError(f"unsupported template function {node.name}()")
        args = [self.eval_node(arg) for arg in node.args]
        try:
            return function(self, *args)
        except ExpressionError:
            raise
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, ZeroDivisionError) as exc:
            raise ExpressionError(f"{node.name}(): invalid arguments: {exc}") from None


def member(target: Any, key: Any) -> Any:
    if isinstance(target, Unresolved):
        return target
    if isinstance(key, Unresolved):
        return key
    if isinstance(target, dict):
        for name, value in target.items():
            if isinstance(key, str) and name.lower() == key.lower():
                return value
        raise ExpressionError(f"the object has no property {key!r}")
    if isinstance(target, list) and isinstance(key, int):
        if not -len(target) <= key < len(target):
            raise ExpressionError(f"index {key} is out of range (length {len(target)})")
        return target[key]
    raise ExpressionError(f"cannot read {key!r} of {type(target).__name__}")


def contains_unresolved(value: Any) -> bool:
    if isinstance(value, Unresolved):
        return True
    if isinstance(value, dict):
        return any(contains_unresolved(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unresolved(v) for v in value)
    return False
