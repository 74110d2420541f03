"""Redact JSON *text* in place: the same decisions as tree.redact, with the layout kept.

A snapshot file that holds a secret is rewritten token by token: only the secret strings (and
numbers held under a secret's name) change, so every line stays where it was and SARIF line
numbers into the redacted copy are the lines of the original. JSON strings cannot hold a raw line
break, so replacing one string by another never moves a line. Streams: memory is bounded by the
largest single token, not by the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from scanner.redact.names import is_descriptor_name, is_generic_name, is_secret_name, names_members
from scanner.redact.text import REDACTED
from scanner.redact.tree import redact_string

# Leading whitespace, then one token: a string, a structural character, or a bare literal.
_TOKEN = re.compile(r'(\s*)(?:("(?:[^"\\]|\\.)*")|([{}\[\]:,])|([^\s{}\[\]:,"]+))', re.S)
_REDACTED_JSON = json.dumps(REDACTED)
_LITERALS = ("true", "false", "null")


class _Frame:
    __slots__ = ("is_object", "expect_key", "key", "under_secret", "listing", "renamed")

    def __init__(self, is_object: bool, under_secret: bool, listing: bool) -> None:
        self.is_object = is_object
        self.expect_key = is_object
        self.key = ""
        self.under_secret = under_secret
        self.listing = listing
        self.renamed = 0


def redact_json_text(pieces: Iterable[str]) -> Iterator[str]:
    """The text of a JSON document, given and returned in pieces, with its secrets redacted."""
    stack: list[_Frame] = []
    buffer = ""
    waiting: list[str] = []
    need = 0
    for piece in pieces:
        waiting.append(piece)
        need -= len(piece)
        if need > 0:
            continue  # a token longer than the pieces so far: read on before scanning it again
        buffer += "".join(waiting)
        waiting.clear()
        out, used = _run(buffer, stack, final=False)
        buffer = buffer[used:]
        # Without progress, wait for as much again: a huge string is rescanned O(log n) times.
        need = len(buffer) if used == 0 else 0
        if out:
            yield out
    buffer += "".join(waiting)
    out, used = _run(buffer, stack, final=True)
    if used != len(buffer.rstrip()) and buffer[used:].strip():
        raise ValueError("not JSON text: trailing content could not be read")
    yield out + buffer[used:]


def _context(stack: list[_Frame]) -> tuple[bool, bool]:
    """(the next value is held under a secret's name, its members are listings)."""
    if not stack:
        return False, False
    frame = stack[-1]
    if not frame.is_object:
        return frame.under_secret, False
    key = frame.key
    secret = (frame.under_secret and not is_descriptor_name(key)) or (is_secret_name(key) and not (frame.listing and is_generic_name(key)))
    return secret, names_members(key)


def _run(text: str, stack: list[_Frame], final: bool) -> tuple[str, int]:
    out: list[str] = []
    pos, end = 0, len(text)
    match = _TOKEN.match
    while pos < end:
        m = match(text, pos)
        if m is None or (m.end() == end and not final):
            break  # an incomplete token at the end of the piece: wait for the next piece
        space, string, punct, literal = m.groups()
        out.append(space)
        if string is not None:
            frame = stack[-1] if stack else None
            if frame is not None and frame.is_object and frame.expect_key:
                key = json.loads(string)
                frame.key = key
                if key and redact_string(key) != key:
                    frame.renamed += 1
                    string = json.dumps(f"<redacted-key-{frame.renamed}>")
            else:
                value = json.loads(string)
                secret, _ = _context(stack)
                if secret:
                    new = value if value in ("", REDACTED) else REDACTED
                else:
                    new = redact_string(value)
                if new != value:
                    string = json.dumps(new, ensure_ascii=False)
            out.append(string)
        elif punct is not None:
            if punct in "{[":
                secret, listing = _context(stack)
                stack.append(_Frame(punct == "{", secret, listing))
            elif punct in "}]":
                stack.pop()
            elif punct == ":":
                stack[-1].expect_key = False
            elif stack and stack[-1].is_object:  # ","
                stack[-1].expect_key = True
            out.append(punct)
        else:
            secret, _ = _context(stack)
            out.append(_REDACTED_JSON if secret and literal not in _LITERALS else literal)
        pos = m.end()
    return "".join(out), pos


def redact_file_bytes(data: bytes) -> bytes:
    """A JSON file's bytes with its secrets redacted (layout kept); `data` itself when it holds
    none. Text that is not JSON is redacted as free text."""
    from scanner.redact.text import redact_text

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data
    try:
        redacted = "".join(redact_json_text([text]))
    except (ValueError, IndexError, AttributeError):
        redacted = redact_text(text)
    return data if redacted == text else redacted.encode("utf-8")
