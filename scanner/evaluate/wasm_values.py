"""Rego values as the Wasm host sees them, and OPA's text form of a value.

A host builtin receives its arguments as `opa_value_dump` text: JSON extended with sets (`{1,
"a"}`, `set()`) and non-string object keys. Numbers keep their text (`1.0`, `1e3`) as they do in
OPA's Go engine, where the text, not the parsed value, decides how `sprintf` prints a number.
Objects keep their pairs in the module's order; sets their elements.

`rego_text` is Go OPA's `ast.Value.String()`: what `sprintf("%v", [x])` prints for anything but a
string or a number: arrays `[a, b]`, objects and sets sorted in Rego's order (`ast.Compare`), keys
followed by `: `, strings quoted by Go's `strconv.Quote`, the empty set `set()`.
"""

from __future__ import annotations

import json.decoder
import re
from decimal import Decimal
from functools import cmp_to_key
from typing import Any


class Number(str):
    """A Rego number, as its text."""

    def value(self) -> Decimal:
        return Decimal(str(self))


class RegoObject(list):  # type: ignore[type-arg]
    """A Rego object as its (key, value) pairs: keys may be any value, not only strings."""


class RegoSet(list):  # type: ignore[type-arg]
    """A Rego set as its elements."""


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_SPACE = re.compile(r"[ \t\n\r]*")
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, what: str) -> ValueError:
        return ValueError(f"unreadable value from the policy ({what} at {self.pos}): {self.text[:120]!r}")

    def skip(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def value(self) -> Any:
        self.skip()
        text, pos = self.text, self.pos
        char = text[pos : pos + 1]
        if char == '"':
            value, self.pos = _scanstring(text, pos + 1, False)
            return value
        if char == "[":
            return self.sequence("]", list)
        if char == "{":
            return self.braces()
        for word, value in (("null", None), ("true", True), ("false", False), ("set()", None)):
            if text.startswith(word, pos):
                self.pos = pos + len(word)
                return RegoSet() if word == "set()" else value
        match = _NUMBER.match(text, pos)
        if match:
            self.pos = match.end()
            return Number(match.group(0))
        raise self.fail("unexpected character")

    def sequence(self, close: str, kind: type) -> Any:
        self.pos += 1
        items = kind()
        self.skip()
        if self.text.startswith(close, self.pos):
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            if not self.separator(close):
                return items

    def separator(self, close: str) -> bool:
        """Past a `,` (True: more follows) or the closing bracket (False)."""
        self.skip()
        char = self.text[self.pos : self.pos + 1]
        self.pos += 1
        if char == ",":
            return True
        if char == close:
            return False
        raise self.fail(f"expected ',' or '{close}'")

    def braces(self) -> Any:
        self.pos += 1
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return RegoObject()
        first = self.value()
        self.skip()
        if not self.text.startswith(":", self.pos):
            elements = RegoSet([first])
            while self.separator("}"):
                elements.append(self.value())
            return elements
        pairs = RegoObject()
        key = first
        while True:
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise self.fail("expected ':'")
            self.pos += 1
            pairs.append((key, self.value()))
            if not self.separator("}"):
                return pairs
            key = self.value()


def parse_value(dumped: bytes) -> Any:
    """A value from `opa_value_dump` text."""
    parser = _Parser(dumped.decode("utf-8", "surrogateescape"))
    value = parser.value()
    parser.skip()
    if parser.pos != len(parser.text):
        raise parser.fail("trailing text")
    return value


# -- Rego's order (ast.Compare) ------------------------------------------------------------


def _rank(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        return 1
    if isinstance(value, Number):
        return 2
    if isinstance(value, str):
        return 3
    if isinstance(value, RegoSet):
        return 8
    if isinstance(value, RegoObject):
        return 7
    if isinstance(value, list):
        return 6
    raise TypeError(f"not a Rego value: {type(value).__name__}")


def _sequence_compare(a: list[Any], b: list[Any]) -> int:
    for x, y in zip(a, b):
        c = compare(x, y)
        if c:
            return c
    return (len(a) > len(b)) - (len(a) < len(b))


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1, as OPA's ast.Compare orders two values."""
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 0:
        return 0
    if ra == 1:
        return int(a > b) - int(a < b)
    if ra == 2:
        x, y = a.value(), b.value()
        return int(x > y) - int(x < y)
    if ra == 3:
        # Go compares the UTF-8 bytes; for valid text that is code point order, as here.
        return int(a > b) - int(a < b)
    if ra == 6:
        return _sequence_compare(a, b)
    if ra == 8:
        return _sequence_compare(sort_values(a), sort_values(b))
    pa, pb = _sorted_pairs(a), _sorted_pairs(b)
    for (ka, va), (kb, vb) in zip(pa, pb):
        c = compare(ka, kb) or compare(va, vb)
        if c:
            return c
    return (len(pa) > len(pb)) - (len(pa) < len(pb))


_KEY = cmp_to_key(compare)


def sort_values(values: list[Any]) -> list[Any]:
    return sorted(values, key=_KEY)


def _sorted_pairs(pairs: RegoObject) -> list[tuple[Any, Any]]:
    return sorted(pairs, key=lambda pair: _KEY(pair[0]))


# -- Go's text of a value ---------------------------------------------------------------------


def go_quote(text: str) -> str:
    """Go's strconv.Quote: printable runes as they are, the rest escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char.isprintable() and not 0xD800 <= code <= 0xDFFF:
            out.append(char)
        elif char in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[char])
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd" if code > 0xFFFF else "\\x" + format(code, "02x"))
        elif code < 0x80:
            out.append("\\x" + format(code, "02x"))
        elif code < 0x10000:
            out.append("\\u" + format(code, "04x"))
        else:
            out.append("\\U" + format(code, "08x"))
    out.append('"')
    return "".join(out)


_NAMED_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def rego_text(value: Any) -> str:
    """OPA's `ast.Value.String()` of a value."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Number):
        return str(value)
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, RegoSet):
        return "{" + ", ".join(rego_text(v) for v in sort_values(value)) + "}" if value else "set()"
    if isinstance(value, RegoObject):
        return "{" + ", ".join(f"{rego_text(k)}: {rego_text(v)}" for k, v in _sorted_pairs(value)) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(rego_text(v) for v in value) + "]"
    raise TypeError(f"not a Rego value: {type(value).__name__}")


def type_name(value: Any) -> str:
    """OPA's name of a value's type, as its builtin errors say it."""
    return ("null", "boolean", "number", "string", "", "", "array", "object", "set")[_rank(value)]
