"""ARM template language expressions: parse `[...]` strings and evaluate them.

Parameters and variables are evaluated when first used, in any declaration order as ARM allows,
with circular references refused by name. Values that cannot be known before deployment
(`reference()` of anything but a nested deployment's outputs, `list*()`, `utcNow()`, `newGuid()`,
an unset parameter without default) evaluate to an `Unresolved` marker.
Every function that needs such a value returns `Unresolved` itself, so a template property built
from it is reported as unresolved and rules say `unknown`: nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scanner.iac.arm_functions import FUNCTIONS, LAZY
from scanner.iac.arm_values import DeploymentKey, ExpressionError, Partial, Scope, Unresolved, contains_unresolved

__all__ = ["Context", "ExpressionError", "Frame", "Scope", "Unresolved", "contains_unresolved", "is_expression", "parse_expression"]
# A user-defined function calling itself (directly or not) would never end; ARM refuses it too.
MAX_CALL_DEPTH = 32


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


class Frame:
    """One template's parameters, variables and user-defined functions.

    `given` holds supplied parameter values (parameters file, parent deployment); the others take
    their `defaultValue`, evaluated on first use. A naming frame (`naming()`) gives a parameter
    without a value the placeholder `{name}`, so names, types and scopes stay consistent across
    the resources that share it while property values built from it stay unresolved.
    """

    def __init__(
        self,
        scope: Scope,
        given: dict[str, Any] | None = None,
        declared: dict[str, Any] | None = None,
        variables: dict[str, Any] | None = None,
        functions: dict[str, Any] | None = None,
        naming_given: dict[str, Any] | None = None,
        deployments: dict[DeploymentKey, Any] | None = None,
        placeholders: bool = False,
        depth: int = 0,
    ) -> None:
        self.scope = scope
        self.given = given or {}
        self.declared = declared if declared is not None else {k: {} for k in self.given}
        self.raw_variables = variables or {}
        self.functions = functions or {}
        self.naming_given = naming_given
        self.deployments = deployments if deployments is not None else {}
        self.placeholders = placeholders
        self.depth = depth
        self.params: dict[str, Any] = {}
        self.variables: dict[str, Any] = {}
        self.stack: list[str] = []
        self._naming: Frame | None = self if placeholders else None

    def naming(self) -> Frame:
        if self._naming is None:
            given = self.naming_given if self.naming_given is not None else self.given
            self._naming = Frame(self.scope, given, self.declared, self.raw_variables, self.functions,
                                 deployments=self.deployments, placeholders=True, depth=self.depth)
        return self._naming

    def _enter(self, label: str) -> None:
        if label in self.stack:
            cycle = self.stack[self.stack.index(label):] + [label]
            raise ExpressionError("circular reference: " + " -> ".join(cycle))
        self.stack.append(label)

    def parameter(self, name: str) -> Any:
        key = next((k for k in self.declared if k.lower() == name.lower()), None)
        if key is None:
            key = next((k for k in self.given if k.lower() == name.lower()), None)
        if key is None:
            raise ExpressionError(f"parameters('{name}'): no such parameter")
        if key in self.params:
            return self.params[key]
        self._enter(f"parameters('{key}')")
        try:
            spec = self.declared.get(key)
            default = next((v for k, v in spec.items() if k.lower() == "defaultvalue"), None) if isinstance(spec, dict) else None
            has_default = isinstance(spec, dict) and any(k.lower() == "defaultvalue" for k in spec)
            if key in self.given:
                value = self.given[key]
            elif has_default:
                try:
                    value = Context(frame=self).evaluate(default)
                except ExpressionError as exc:
                    if str(exc).startswith(("circular reference", "default of parameter")):
                        raise
                    raise ExpressionError(f"default of parameter {key!r}: {exc}") from None
            else:
                value = Unresolved(f"parameter {key} has no value")
        finally:
            self.stack.pop()
        if self.placeholders and isinstance(value, Unresolved):
            value = f"{{{key}}}"
        self.params[key] = value
        return value

    def variable(self, name: str) -> Any:
        key = next((k for k in self.raw_variables if k.lower() == name.lower() and k != "copy"), None)
        loops = self.raw_variables.get("copy")
        if key is None and isinstance(loops, list):
            loop = next((c for c in loops if isinstance(c, dict) and str(c.get("name", "")).lower() == name.lower()), None)
            if loop is not None:
                label = f"variables('{loop['name']}')"
                if label not in self.variables:
                    self._enter(label)
                    try:
                        self.variables[label] = Context(frame=self).expand_copy(loop)
                    finally:
                        self.stack.pop()
                return self.variables[label]
        if key is None:
            raise ExpressionError(f"variables('{name}'): no such variable")
        if key not in self.variables:
            self._enter(f"variables('{key}')")
            try:
                self.variables[key] = Context(frame=self).evaluate(self.raw_variables[key])
            finally:
                self.stack.pop()
        return self.variables[key]

    def call(self, name: str, args: list[Any]) -> Any:
        """A user-defined function (`functions` section): its parameters only, no variables."""
        spec = self.functions.get(name)
        if not isinstance(spec, dict):
            raise ExpressionError(f"{name}(): no such user-defined function in this template")
        if self.depth >= MAX_CALL_DEPTH:
            raise ExpressionError(f"{name}(): user-defined functions nested deeper than {MAX_CALL_DEPTH} calls")
        declared = [p for p in spec.get("parameters") or [] if isinstance(p, dict) and "name" in p]
        if len(args) != len(declared):
            raise ExpressionError(f"{name}() takes {len(declared)} argument(s), got {len(args)}")
        given = {p["name"]: arg for p, arg in zip(declared, args)}
        frame = Frame(self.scope, given, functions=self.functions, placeholders=self.placeholders, depth=self.depth + 1)
        output = spec.get("output")
        if not isinstance(output, dict) or "value" not in output:
            raise ExpressionError(f"{name}(): the function has no output value")
        return Context(frame=frame).evaluate(output["value"])


class Context:
    """Evaluation context: a template frame plus the copy-loop indexes in force."""

    def __init__(self, parameters: dict[str, Any] | None = None, variables: dict[str, Any] | None = None,
                 scope: Scope | None = None, *, frame: Frame | None = None) -> None:
        self.frame = frame or Frame(scope or Scope(), parameters or {}, variables=variables or {})
        self.copy_index: dict[str | None, int] = {}

    @property
    def scope(self) -> Scope:
        return self.frame.scope

    def with_copy(self, name: str | None, index: int) -> Context:
        child = Context(frame=self.frame)
        child.copy_index = {**self.copy_index, name: index, None: index}
        return child

    def naming(self) -> Context:
        """The same position evaluated with placeholders for parameters without a value."""
        child = Context(frame=self.frame.naming())
        child.copy_index = self.copy_index
        return child

    def parameter(self, name: str) -> Any:
        return self.frame.parameter(name)

    def variable(self, name: str) -> Any:
        return self.frame.variable(name)

    def scope_id(self, type_: str, names: list[str]) -> str:
        namespace, *segments = type_.split("/")
        tail = "".join(f"/{s}/{n}" for s, n in zip(segments, names))
        if self.scope.resource_group is None:
            if type_.lower() == "microsoft.resources/resourcegroups":
                return f"/subscriptions/{self.scope.subscription_id}/resourceGroups/{names[0]}"
            return f"/subscriptions/{self.scope.subscription_id}/providers/{namespace}{tail}"
        return f"/subscriptions/{self.scope.subscription_id}/resourceGroups/{self.scope.resource_group}/providers/{namespace}{tail}"

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
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ExpressionError(f"copy loop {loop.get('name')!r}: count must be a non-negative integer, got {count!r}")
        return [self.with_copy(loop.get("name"), i).evaluate(loop["input"]) for i in range(count)]

    def eval_node(self, node: Any) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Member):
            target = self.eval_node(node.target)
            key = self.eval_node(node.key)
            return member(target, key)
        if node.name in LAZY:
            return LAZY[node.name](self, node.args)
        function: Callable[..., Any] | None = FUNCTIONS.get(node.name)
        if function is None:
            if "." in node.name:
                return self.frame.call(node.name, [self.eval_node(arg) for arg in node.args])
            if node.name.startswith("list"):
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
        if isinstance(target, Partial):
            return Unresolved(target.reason)
        raise ExpressionError(f"the object has no property {key!r}")
    if isinstance(target, list) and isinstance(key, int):
        if not -len(target) <= key < len(target):
            raise ExpressionError(f"index {key} is out of range (length {len(target)})")
        return target[key]
    raise ExpressionError(f"cannot read {key!r} of {type(target).__name__}")
