"""A small JSON parser that also records where each value sits in the text.

`json.loads` throws positions away; SARIF annotations need the line of a template resource and of
its properties. `parse` returns the plain Python value plus a map from JSON path (a tuple of keys
and indexes) to `(first line, last line)` of the value, with the first line being the line of the
member's key when the value is an object member.

It reads JSON as ARM reads templates and parameters files: `//` and `/* */` comments and a
trailing comma before `}` or `]` are accepted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

Path = tuple[Any, ...]
Positions = dict[Path, tuple[int, int]]

# Whitespace and comments; an unterminated block comment is left for the caller to report.
_WS = re.compile(r"(?:[ \t\n\r]+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_WORD = re.compile(r"[a-z]{1,5}")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]  # public, not in the stubs


class JSONPosError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} at line {line}, column {column}")
        self.msg = message
        self.line = line
        self.column = column


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.positions: Positions = {}

    def error(self, message: str) -> JSONPosError:
        return JSONPosError(message, self.line, self.pos - self.line_start + 1)

    def advance_to(self, end: int) -> None:
        newlines = self.text.count("\n", self.pos, end)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.pos, end) + 1
        self.pos = end

    def skip_ws(self) -> None:
        self.advance_to(_WS.match(self.text, self.pos).end())  # type: ignore[union-attr]
        if self.text.startswith("/*", self.pos):
            raise self.error("unterminated comment")

    def value(self, path: Path, first_line: int | None = None) -> Any:
        self.skip_ws()
        start_line = first_line or self.line
        if self.pos >= len(self.text):
            raise self.error("unexpected end of input")
        char = self.text[self.pos]
        if char == "{":
            result: Any = self.obj(path)
        elif char == "[":
            result = self.array(path)
        elif char == '"':
            result = self.string()
        else:
            match = _NUMBER.match(self.text, self.pos)
            if match and match.end() > self.pos:
                token = match.group(0)
                result = float(token) if any(c in token for c in ".eE") else int(token)
                self.pos = match.end()
            else:
                word = _WORD.match(self.text, self.pos)
                if word and word.group(0) in _LITERALS:
                    result = _LITERALS[word.group(0)]
                    self.pos = word.end()
                else:
                    raise self.error(f"unexpected character {char!r}")
        self.positions[path] = (start_line, self.line)
        return result

    def string(self) -> str:
        # The C string scanner json.loads uses. A JSON string holds no raw line break (control
        # characters must be escaped), so the line number does not move.
        try:
            value, end = _scanstring(self.text, self.pos + 1, True)
        except ValueError:
            raise self.error("unterminated string") from None
        self.pos = end
        return value

    def expect(self, char: str) -> None:
        self.skip_ws()
        if self.text[self.pos : self.pos + 1] != char:
            raise self.error(f"expected {char!r}")
        self.advance_to(self.pos + 1)

    def obj(self, path: Path) -> dict[str, Any]:
        self.advance_to(self.pos + 1)
        out: dict[str, Any] = {}
        self.skip_ws()
        if self.text[self.pos : self.pos + 1] == "}":
            self.advance_to(self.pos + 1)
            return out
        while True:
            self.skip_ws()
            if self.text[self.pos : self.pos + 1] == "}" and out:  # a trailing comma, as ARM accepts
                self.advance_to(self.pos + 1)
                return out
            if self.text[self.pos : self.pos + 1] != '"':
                raise self.error("expected a property name in double quotes")
            key_line = self.line
            key = self.string()
            self.expect(":")
            out[key] = self.value((*path, key), key_line)
            self.skip_ws()
            char = self.text[self.pos : self.pos + 1]
            self.advance_to(self.pos + 1)
            if char == "}":
                return out
            if char != ",":
                self.pos -= 1
                raise self.error("expected ',' or '}'")

    def array(self, path: Path) -> list[Any]:
        self.advance_to(self.pos + 1)
        out: list[Any] = []
        self.skip_ws()
        if self.text[self.pos : self.pos + 1] == "]":
            self.advance_to(self.pos + 1)
            return out
        while True:
            self.skip_ws()
            if self.text[self.pos : self.pos + 1] == "]" and out:  # a trailing comma
                self.advance_to(self.pos + 1)
                return out
            out.append(self.value((*path, len(out))))
            self.skip_ws()
            char = self.text[self.pos : self.pos + 1]
            self.advance_to(self.pos + 1)
            if char == "]":
                return out
            if char != ",":
                self.pos -= 1
                raise self.error("expected ',' or ']'")


def parse(text: str) -> tuple[Any, Positions]:
    """Parse JSON text; raise JSONPosError (with line and column) on malformed input."""
    parser = _Parser(text.lstrip("\ufeff"))
    value = parser.value(())
    parser.skip_ws()
    if parser.pos != len(parser.text):
        raise parser.error("extra data after the JSON value")
    return value, parser.positions
