"""The builtins a policy module asks its host for, with OPA's semantics (topdown, OPA v1.22).

OPA compiles most builtins into the Wasm module; the rest are listed by the module's `builtins`
export and called through `opa_builtinN`. The 58-rule library needs three: `sprintf`,
`regex.split` and `regex.replace`. A bundle that needs another one is refused when the engine
starts (wasm.WasmError -> a usage error that names the builtin and the other engines).

Errors are strict, as with the other engines (`strict-builtin-errors`): a builtin that fails makes
the rule fail, with the builtin's message, where OPA's own Wasm SDK would leave it undefined.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.evaluate import wasm_regex
from scanner.evaluate.wasm_gofmt import INT64_MAX, INT64_MIN, BigInt, sprintf
from scanner.evaluate.wasm_values import Number, RegoObject, RegoSet, rego_text, type_name


class BuiltinError(Exception):
    """A builtin's own error, worded as OPA words it."""


def _string(name: str, position: int, value: Any) -> str:
    if isinstance(value, str) and not isinstance(value, Number):
        return value
    raise BuiltinError(f"{name}: operand {position} must be string but got {type_name(value)}")


def _sprintf_arg(value: Any) -> Any:
    """The Go value OPA's sprintf makes of one element (topdown/strings.go builtinSprintf)."""
    if isinstance(value, Number):
        text = str(value)
        if any(c in text for c in ".eE"):
            number = float(text)
            return number if number not in (float("inf"), float("-inf")) else text
        integer = int(text)
        return integer if INT64_MIN <= integer <= INT64_MAX else BigInt(integer)
    if isinstance(value, str):
        return value
    return rego_text(value)


def builtin_sprintf(fmt: Any, args: Any) -> str:
    text = _string("sprintf", 1, fmt)
    if not isinstance(args, list) or isinstance(args, (RegoObject, RegoSet)):
        raise BuiltinError(f"sprintf: operand 2 must be array but got {type_name(args)}")
    return sprintf(text, [_sprintf_arg(a) for a in args])


def builtin_regex_split(pattern: Any, value: Any) -> list[str]:
    return wasm_regex.split(_string("regex.split", 1, pattern), _string("regex.split", 2, value))


def builtin_regex_replace(base: Any, pattern: Any, value: Any) -> str:
    return wasm_regex.replace(_string("regex.replace", 1, base), _string("regex.replace", 2, pattern), _string("regex.replace", 3, value))


HOST_BUILTINS: dict[str, Callable[..., Any]] = {
    "sprintf": builtin_sprintf,
    "regex.split": builtin_regex_split,
    "regex.replace": builtin_regex_replace,
}
