"""Workspace documents handed to rego-cpp as built values instead of JSON text.

Why: `set_input_term` makes rego-cpp parse the text, which costs ~10.5 ms of CPU per 37 kB
workspace and grows faster than the text. rego-cpp's input API (a stack machine: push scalars,
fold a key and a value into an object item, N items into an object, N values into an array) costs
~3 ms for the same workspace, nearly all of it inside rego-cpp (~1 µs a call, ~2,700 calls), and
grows linearly. regopy's own `Input` spends another ~2.5 ms in Python wrappers, hence this builder.

Measured with regopy 1.5.2 where the built value is not the parsed text (tests/test_engine_input.py):

- A string node keeps its JSON-escaped text. Pushed escaped exactly as `json.dumps` escapes it,
  strings are identical to the text path, NUL, control and non-BMP characters included (pushed
  raw, `"` and `\\` would break the output and a NUL would cut the string short).
- `regoInputInt` takes an int64 and wraps anything larger: such a value falls back to text.
- `regoInputFloat` stores `std::to_string(value)`, six decimals: a float that does not survive that
  (3.141592653589793, 1e-7) falls back to text, as do NaN and infinities (an error term as text).
- What survives still differs in two ways no comparison, lookup, arithmetic or `%v` shows: a float
  keeps six decimals as its source text ("-1.000000" for "-1.0"), and array elements are not
  wrapped as terms. Builtins that serialise a value or print its source text see both: `json.marshal`
  and `json.marshal_with_options` fail on any array and print floats with six decimals, as do
  `yaml.marshal` and `io.jwt.encode_sign`; sprintf's `%s` of a non-string prints the source text.
  A bundle that calls one of them (`text_sensitive_builtins`) always gets the text path.
"""

from __future__ import annotations

import ctypes
import math
import re
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]  # the C escaper json.dumps uses
from typing import Any

from regopy import rego_shared

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
# Keys and common values repeat across workspaces; a bounded cache saves escaping them again.
_ESCAPED_LIMIT = 20_000
_escaped: dict[str, bytes] = {}

# Builtins that serialise their argument (see the module docstring). `\b` keeps
# `io.jwt.encode_sign_raw` (strings only) out; `http.send` serialises a request body.
_SERIALISING = re.compile(r"\b(?:json\.marshal(?:_with_options)?|yaml\.marshal|io\.jwt\.encode_sign|http\.send)\b")
_SPRINTF = re.compile(r"\bsprintf\s*\(")
_LITERAL_FORMAT = re.compile(r'\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*,')
_S_VERB = re.compile(r"%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?s")


def _function(lib: ctypes.CDLL, name: str, *argtypes: Any, restype: Any = ctypes.c_uint32) -> Any:
    function = getattr(lib, name)
    function.argtypes = list(argtypes)
    function.restype = restype
    return function


# Our own function objects on regopy's library (the same loaded copy), so declaring argtypes here
# changes nothing in regopy; the handle is passed as a plain int.
_lib = ctypes.CDLL(rego_shared.rego._name)
_VOID_P = ctypes.c_void_p
_new_input = _function(_lib, "regoNewInput", restype=_VOID_P)
_free_input = _function(_lib, "regoFreeInput", _VOID_P, restype=None)
_validate = _function(_lib, "regoInputValidate", _VOID_P)
_stack_size = _function(_lib, "regoInputSize", _VOID_P)
_push_string = _function(_lib, "regoInputString", _VOID_P, ctypes.c_char_p)
_push_int = _function(_lib, "regoInputInt", _VOID_P, ctypes.c_int64)
_push_float = _function(_lib, "regoInputFloat", _VOID_P, ctypes.c_double)
_push_bool = _function(_lib, "regoInputBoolean", _VOID_P, ctypes.c_bool)
_push_null = _function(_lib, "regoInputNull", _VOID_P)
_fold_item = _function(_lib, "regoInputObjectItem", _VOID_P)
_fold_object = _function(_lib, "regoInputObject", _VOID_P, ctypes.c_uint32)
_fold_array = _function(_lib, "regoInputArray", _VOID_P, ctypes.c_uint32)


class Unfaithful(Exception):
    """The value cannot be built so that rego-cpp sees what it would parse from its JSON text."""


def text_sensitive_builtins(source: str) -> list[str]:
    """The builtin calls in a module (comments already removed) that would tell a built input from
    parsed text: serialisers, and sprintf unless its format is a literal without a `%s` verb."""
    found = [m.group(0) for m in _SERIALISING.finditer(source)]
    for call in _SPRINTF.finditer(source):
        literal = _LITERAL_FORMAT.match(source, call.end())
        if literal is None or _S_VERB.search(literal.group(1)):
            found.append("sprintf")
    return found


def _escape(text: str) -> bytes:
    data = encode_basestring_ascii(text)[1:-1].encode("ascii")
    if len(_escaped) >= _ESCAPED_LIMIT:
        _escaped.clear()
    _escaped[text] = data
    return data


def _float_text_ok(value: float) -> bool:
    """rego-cpp stores a pushed float as printf("%f"); it must read back as the same number."""
    return math.isfinite(value) and float(f"{value:f}") == value


def build_input(value: Any) -> int:
    """A new rego-cpp input handle holding `value` (as json.loads returns it); free it with
    `free_input`. Raises Unfaithful where the built value would differ from the parsed JSON text."""
    handle = _new_input()
    if not handle:
        raise MemoryError("regoNewInput returned NULL")
    # Locals: every name lookup counts at ~2,700 calls per workspace.
    string, integer, floating, boolean, null = _push_string, _push_int, _push_float, _push_bool, _push_null
    item, obj, array = _fold_item, _fold_object, _fold_array
    cached, escape = _escaped.get, _escape
    str_, dict_, list_, bool_, int_, float_, tuple_ = str, dict, list, bool, int, float, tuple

    def push(v: Any) -> None:
        kind = type(v)
        if kind is dict_:
            for key, x in v.items():
                if type(key) is not str_:  # json.dumps would turn it into a string; leave that to it
                    raise Unfaithful(f"object key {key!r}")
                string(handle, cached(key) or escape(key))
                # Scalars inline: most values are strings, and a call costs more than the test.
                kind = type(x)
                if kind is str_:
                    string(handle, cached(x) or escape(x))
                elif x is None:
                    null(handle)
                elif kind is bool_:
                    boolean(handle, x)
                else:
                    push(x)
                item(handle)
            obj(handle, len(v))
        elif kind is str_:
            string(handle, cached(v) or escape(v))
        elif kind is list_ or kind is tuple_:
            for x in v:
                push(x)
            array(handle, len(v))
        elif v is None:
            null(handle)
        elif kind is bool_:
            boolean(handle, v)
        elif kind is int_:
            if not _INT64_MIN <= v <= _INT64_MAX:
                raise Unfaithful(f"integer {v} is beyond int64")
            integer(handle, v)
        elif kind is float_:
            if not _float_text_ok(v):
                raise Unfaithful(f"float {v!r} does not survive six decimals")
            floating(handle, v)
        else:
            raise Unfaithful(f"{kind.__name__} value")

    try:
        push(value)
        # Pushes cannot fail on a valid handle and a failed fold makes every later call fail, so one
        # check at the end covers them all.
        status = _validate(handle)
        if status != 0 or _stack_size(handle) != 1:
            raise Unfaithful(f"rego-cpp rejected the built input (code {status})")
    except RecursionError:
        free_input(handle)
        raise Unfaithful("nested too deeply") from None
    except BaseException:
        free_input(handle)
        raise
    return handle


def free_input(handle: int) -> None:
    """regoSetInput copies the value into the interpreter, so the handle can go right after it."""
    _free_input(handle)
