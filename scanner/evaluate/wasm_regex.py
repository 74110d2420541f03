"""Go regular expressions (RE2 syntax, Go's regexp package) run on Python's `re`, for the Wasm host.

OPA's `regex.split` and `regex.replace` are Go's `Regexp.Split(s, -1)` and
`FindAllSubmatchIndex` + `Expand`. Python's `re` differs from Go's in syntax and meaning in places,
so a Go pattern is translated, construct by construct, into a Python pattern that matches the same
strings at the same places, and anything without an exact translation is refused (an error result,
never a different answer):

- same in both: literals, `.`, alternation, groups (`(?P<n>...)`, `(?:...)`), greedy and lazy
  repetition, `^`, `\\A`, anchors inside `(?m)`, flags `i m s` at the start or scoped `(?i:...)`.
- translated: `$` without `(?m)` (Python's also matches before a final newline) -> `\\Z`; `\\z` ->
  `\\Z`; `\\d \\w \\s` and their negations, `\\b \\B` (ASCII in Go, Unicode in Python) -> explicit
  ASCII classes; `[[:alpha:]]` and the other ASCII classes; `\\Q...\\E`; `\\x{...}` and octal
  escapes; `{` that does not start a valid repetition is a literal in Go.
- refused: what Go rejects (backreferences, look-around, possessive `*+`, repetition over 1000) with
  Go's own reason, and what Python cannot say the same way (`\\p{...}` Unicode classes, `(?U)`,
  flags in the middle of a group, `\\C`).

Matching then follows Go's loops exactly: empty matches right after a match are skipped and the
search moves on by one character (Go's `allMatches`), which Python's `finditer` does differently.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PERL = {
    "d": "0-9",
    "s": "\\t\\n\\f\\r ",
    "w": "0-9A-Za-z_",
}
_POSIX = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
}
_WORD = "[0-9A-Za-z_]"
_BOUNDARY = f"(?:(?<={_WORD})(?!{_WORD})|(?<!{_WORD})(?={_WORD}))"
_NOT_BOUNDARY = f"(?:(?<={_WORD})(?={_WORD})|(?<!{_WORD})(?!{_WORD}))"
_SIMPLE_ESCAPES = {"a": "\a", "f": "\f", "t": "\t", "n": "\n", "r": "\r", "v": "\v"}
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")
_MAX_REPEAT = 1000


class PatternError(ValueError):
    """Go would reject the pattern, or this host cannot run it exactly."""


def _literal(char: str) -> str:
    return re.escape(char)


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.out: list[str] = []
        self.multiline = [False]  # per open group
        self.can_repeat = False  # whether the last item may take a repetition operator

    def fail(self, why: str) -> PatternError:
        return PatternError(f"error parsing regexp: {why}: `{self.p}`")

    def translate(self) -> str:
        p = self.p
        self.leading_flags()
        while self.i < len(p):
            c = p[self.i]
            if c == "\\":
                self.escape()
            elif c == "[":
                self.out.append(self.char_class())
                self.can_repeat = True
            elif c == "(":
                self.open_group()
            elif c == ")":
                if len(self.multiline) == 1:
                    raise self.fail("unexpected )")
                self.multiline.pop()
                self.out.append(")")
                self.i += 1
                self.can_repeat = True
            elif c in "*+?":
                self.repeat(c)
            elif c == "{":
                match = _REPEAT.match(p, self.i)
                if match:
                    low, high = match.group(1), match.group(3)
                    if int(low) > _MAX_REPEAT or (high and int(high) > _MAX_REPEAT):
                        raise self.fail(f"invalid repeat count: `{match.group(0)}`")
                    if high and int(high) < int(low):
                        raise self.fail(f"invalid repeat count: `{match.group(0)}`")
                    self.repeat(match.group(0))
                else:
                    self.out.append("\\{")
                    self.i += 1
                    self.can_repeat = True
            elif c == "$":
                self.out.append("$" if self.multiline[-1] else "\\Z")
                self.i += 1
                self.can_repeat = True
            elif c == "|":
                self.out.append("|")
                self.i += 1
                self.can_repeat = False
            else:
                self.out.append(c if c in ".^" else _literal(c))
                self.i += 1
                self.can_repeat = True
        if len(self.multiline) > 1:
            raise self.fail("missing closing )")
        return "".join(self.out)

    def leading_flags(self) -> None:
        match = re.match(r"\(\?([imsU]+)\)", self.p)
        if match:
            if "U" in match.group(1):
                raise self.fail("ungreedy mode (?U) is not supported by this engine")
            self.out.append(match.group(0))
            self.multiline[0] = "m" in match.group(1)
            self.i = match.end()

    def repeat(self, op: str) -> None:
        if not self.can_repeat:
            raise self.fail(f"missing argument to repetition operator: `{op}`")
        self.i += len(op)
        lazy = self.p.startswith("?", self.i)
        if lazy:
            self.i += 1
        if self.i < len(self.p) and (self.p[self.i] in "*+?" or _REPEAT.match(self.p, self.i)):
            raise self.fail("invalid nested repetition operator")
        self.out.append(op + ("?" if lazy else ""))
        self.can_repeat = False

    def open_group(self) -> None:
        p, i = self.p, self.i
        if p.startswith("(?P<", i) or p.startswith("(?<", i):
            start = i + (4 if p[i + 2] == "P" else 3)
            close = p.find(">", start)
            name = p[start:close] if close > 0 else ""
            if not re.fullmatch(r"[A-Za-z0-9_]+", name):
                raise self.fail(f"invalid named capture: `{p[i:close + 1]}`")
            self.out.append(f"(?P<{name}>")
            self.i = close + 1
            self.multiline.append(self.multiline[-1])
        elif p.startswith("(?", i):
            match = re.match(r"\(\?([imsU]*)(?:-([imsU]*))?:", p[i:])
            if not match:
                raise self.fail(f"invalid or unsupported Perl syntax: `{p[i:i + 3]}` (look-around and flags in the middle of a group are not supported by this engine)")
            on, off = match.group(1), match.group(2) or ""
            if "U" in on + off:
                raise self.fail("ungreedy mode (?U) is not supported by this engine")
            self.out.append(match.group(0))
            self.i = i + match.end()
            multiline = self.multiline[-1]
            multiline = True if "m" in on else False if "m" in off else multiline
            self.multiline.append(multiline)
        else:
            self.out.append("(")
            self.i += 1
            self.multiline.append(self.multiline[-1])
        self.can_repeat = False

    def escape(self) -> None:
        p = self.p
        if self.i + 1 >= len(p):
            raise self.fail("trailing backslash at end of expression")
        c = p[self.i + 1]
        self.i += 2
        self.can_repeat = True
        if c in _PERL:
            self.out.append(f"[{_PERL[c]}]")
        elif c.lower() in _PERL:
            self.out.append(f"[^{_PERL[c.lower()]}]")
        elif c == "b":
            self.out.append(_BOUNDARY)
            self.can_repeat = False
        elif c == "B":
            self.out.append(_NOT_BOUNDARY)
            self.can_repeat = False
        elif c == "A":
            self.out.append("\\A")
        elif c == "z":
            self.out.append("\\Z")
        elif c == "Q":
            stop = p.find("\\E", self.i)
            text = p[self.i :] if stop < 0 else p[self.i : stop]
            self.i = len(p) if stop < 0 else stop + 2
            self.out.append("(?:" + re.escape(text) + ")" if text else "")
            self.can_repeat = bool(text)
        else:
            self.out.append(_literal(self.escaped_char(c)))

    def escaped_char(self, c: str) -> str:
        """The character an escape outside `\\d`-style classes stands for (self.i is past it)."""
        p = self.p
        if c in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[c]
        if c == "x":
            if p.startswith("{", self.i):
                close = p.find("}", self.i)
                digits = p[self.i + 1 : close] if close > 0 else ""
                if not re.fullmatch(r"[0-9A-Fa-f]{1,6}", digits) or int(digits, 16) > 0x10FFFF:
                    raise self.fail("invalid escape sequence: `\\x{`")
                self.i = close + 1
                return chr(int(digits, 16))
            digits = p[self.i : self.i + 2]
            if not re.fullmatch(r"[0-9A-Fa-f]{2}", digits):
                raise self.fail("invalid escape sequence: `\\x`")
            self.i += 2
            return chr(int(digits, 16))
        if c in "01234567":
            if c != "0" and not (self.i < len(p) and p[self.i] in "01234567"):
                raise self.fail(f"invalid escape sequence: `\\{c}`")  # Go: no backreferences
            digits = c
            while len(digits) < 3 and self.i < len(p) and p[self.i] in "01234567":
                digits += p[self.i]
                self.i += 1
            return chr(int(digits, 8))
        if c in "pP":
            raise self.fail("Unicode character classes (\\p) are not supported by this engine")
        if c.isascii() and not c.isalnum():
            return c  # escaped punctuation
        raise self.fail(f"invalid escape sequence: `\\{c}`")

    def char_class(self) -> str:
        p = self.p
        self.i += 1
        negate = p.startswith("^", self.i)
        if negate:
            self.i += 1
        parts: list[str] = []
        first = True
        while True:
            if self.i >= len(p):
                raise self.fail(f"missing closing ]: `{p}`")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if p.startswith("[:", self.i):
                close = p.find(":]", self.i + 2)
                name = p[self.i + 2 : close] if close > 0 else ""
                neg = name.startswith("^")
                if name.lstrip("^") not in _POSIX:
                    raise self.fail(f"invalid character class range: `{p[self.i:close + 2]}`")
                if neg:
                    raise self.fail("negated POSIX classes are not supported by this engine")
                parts.append(_POSIX[name])
                self.i = close + 2
                continue
            if c == "\\" and self.i + 1 < len(p) and p[self.i + 1] in "dswDSW":
                letter = p[self.i + 1]
                if letter.isupper():
                    raise self.fail("negated Perl classes inside [...] are not supported by this engine")
                parts.append(_PERL[letter])
                self.i += 2
                continue
            low = self.class_char()
            if p.startswith("-", self.i) and self.i + 1 < len(p) and p[self.i + 1] != "]":
                self.i += 1
                high = self.class_char()
                if ord(high) < ord(low):
                    raise self.fail(f"invalid character class range: `{low}-{high}`")
                parts.append(_literal(low) + "-" + _literal(high))
            else:
                parts.append(_literal(low))
        return "[" + ("^" if negate else "") + "".join(parts) + "]"

    def class_char(self) -> str:
        p = self.p
        c = p[self.i]
        if c != "\\":
            self.i += 1
            return c
        if self.i + 1 >= len(p):
            raise self.fail("trailing backslash at end of expression")
        escaped = p[self.i + 1]
        self.i += 2
        return self.escaped_char(escaped)


@lru_cache(maxsize=256)
def compile_go(pattern: str) -> re.Pattern[str]:
    """A Python pattern that matches like Go's regexp.Compile(pattern); PatternError otherwise."""
    try:
        return re.compile(_Translator(pattern).translate())
    except re.error as exc:
        raise PatternError(f"error parsing regexp: {exc}: `{pattern}`") from None


def _all_matches(regex: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Go's Regexp.allMatches: an empty match right after the previous match is skipped, and the
    search then moves on by one character."""
    found: list[re.Match[str]] = []
    pos, previous_end = 0, -1
    while pos <= len(text):
        match = regex.search(text, pos)
        if match is None:
            break
        accept = True
        if match.end() == pos:
            if match.start() == previous_end:
                accept = False
            pos += 1
        else:
            pos = match.end()
        previous_end = match.end()
        if accept:
            found.append(match)
    return found


def split(pattern: str, text: str) -> list[str]:
    """Go's regexp.MustCompile(pattern).Split(text, -1)."""
    regex = compile_go(pattern)
    if pattern and not text:
        return [""]
    parts: list[str] = []
    begin = end = 0
    for match in _all_matches(regex, text):
        end = match.start()
        if match.end() != 0:
            parts.append(text[begin:end])
        begin = match.end()
    if end != len(text):
        parts.append(text[begin:])
    return parts


def _expand(template: str, match: re.Match[str]) -> str:
    """Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown names expand to nothing."""
    out: list[str] = []
    names = match.re.groupindex
    while template:
        before, dollar, after = template.partition("$")
        if not dollar:
            break
        out.append(before)
        template = after
        if template.startswith("$"):
            out.append("$")
            template = template[1:]
            continue
        parsed = _extract(template)
        if parsed is None:
            out.append("$")
            continue
        name, num, template = parsed
        index = num if num >= 0 else names.get(name, -1)
        if 0 <= index <= match.re.groups and match.start(index) >= 0:
            out.append(match.group(index) or "")
    out.append(template)
    return "".join(out)


def _extract(text: str) -> tuple[str, int, str] | None:
    brace = text.startswith("{")
    if brace:
        text = text[1:]
    i = 0
    while i < len(text) and (text[i].isalpha() or text[i].isdigit() and text[i].isdecimal() or text[i] == "_"):
        i += 1
    if i == 0:
        return None
    name = text[:i]
    if brace:
        if i >= len(text) or text[i] != "}":
            return None
        i += 1
    num = int(name) if name.isascii() and name.isdigit() and len(name) <= 9 else -1
    if name[0] == "0" and len(name) > 1:
        num = -1
    return name, num, text[i:]


def replace(text: str, pattern: str, value: str) -> str:
    """OPA's regex.replace: every match of pattern in text replaced by the expanded value."""
    regex = compile_go(pattern)
    out: list[str] = []
    last = 0
    for match in _all_matches(regex, text):
        out.append(text[last : match.start()])
        out.append(_expand(value, match))
        last = match.end()
    out.append(text[last:])
    return "".join(out)
