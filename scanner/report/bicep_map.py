"""Results on a compiled Bicep template, pointed back at the `.bicep` source.

`bicep build` (and `az bicep build`) writes an ARM template whose `metadata._generator.name` is
`bicep`, with the compiler version and a template hash, but no line of the source: the compiler's
source map stays in memory (it serves deployment errors in the editor) and is not written to disk.
So results are mapped back by what both files show:

- the source is `<name>.bicep` beside the compiled `<name>.json` (what `bicep build main.bicep`
  writes by default);
- a resource of the compiled template is the declaration of the same type in the source, in order
  (the compiler keeps declaration order), or, in templates with symbolic names
  (`languageVersion` 2.0), the declaration with the same symbolic name;
- a property is the line of its key inside that declaration; a property the source does not set
  (a service default) points at the declaration itself.

Where that cannot work the result keeps its line in the compiled template and says why
(`note`): no `.bicep` beside the compiled file, a resource declared in a module (its source is
another file), or a type declared a different number of times than it was compiled (loops are
fine: one declaration, one compiled resource).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DECLARATION = re.compile(r"^[ \t]*resource[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+'([^'@]+)(?:@[^']*)?'[ \t]*(existing\b)?", re.MULTILINE)
_KEY = re.compile(r"^[ \t]*'?([A-Za-z0-9_$@.-]+)'?[ \t]*:", re.MULTILINE)


@dataclass(frozen=True)
class Declaration:
    symbol: str
    type: str  # full type, lower case
    start: int  # first line (1-based)
    end: int  # last line of its body


@dataclass(frozen=True)
class Mapped:
    file: str
    line: int
    end_line: int | None


def _body_end(text: str, start: int) -> int:
    """Offset of the brace that closes the first `{` at or after `start` (strings and comments skipped)."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if text.startswith("'''", i):
            close = text.find("'''", i + 3)
            i = n if close < 0 else close + 3
            continue
        if c == "'":
            i += 1
            while i < n and text[i] != "'":
                i += 2 if text[i] == "\\" else 1
        elif text.startswith("//", i):
            close = text.find("\n", i)
            i = n if close < 0 else close
            continue
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close < 0 else close + 2
            continue
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n - 1


def parse_declarations(text: str) -> list[Declaration]:
    """Every `resource` declaration (not `existing`), nested child types made full."""
    found: list[tuple[int, int, str, str]] = []  # start offset, end offset, symbol, type as written
    for match in _DECLARATION.finditer(text):
        if match.group(3):
            continue
        found.append((match.start(), _body_end(text, match.end()), match.group(1), match.group(2)))
    declarations = []
    for start, end, symbol, written in found:
        full = written
        if "/" not in written:  # a nested child: the type of the declaration around it, plus this segment
            parents = [d for d in found if d[0] < start and d[1] > end]
            if parents:
                parent = max(parents, key=lambda d: d[0])
                full = f"{_full_type(found, parent)}/{written}"
        declarations.append(Declaration(symbol, full.lower(), text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 1))
    return declarations


def _full_type(found: list[tuple[int, int, str, str]], item: tuple[int, int, str, str]) -> str:
    if "/" in item[3]:
        return item[3]
    parents = [d for d in found if d[0] < item[0] and d[1] > item[1]]
    return f"{_full_type(found, max(parents, key=lambda d: d[0]))}/{item[3]}" if parents else item[3]


@dataclass(frozen=True)
class CompiledResource:
    type: str  # lower case, full
    symbol: str | None  # symbolic-name templates only
    first: int
    last: int
    in_module: bool


def _compiled_resources(value: Any, positions: dict[tuple[Any, ...], tuple[int, int]], path: tuple[Any, ...], parent_type: str, in_module: bool) -> list[CompiledResource]:
    out: list[CompiledResource] = []
    resources = value.get("resources") if isinstance(value, dict) else None
    items = list(resources.items()) if isinstance(resources, dict) else list(enumerate(resources)) if isinstance(resources, list) else []
    for key, resource in items:
        if not isinstance(resource, dict) or not isinstance(resource.get("type"), str):
            continue
        here = (*path, "resources", key)
        kind = resource["type"] if "/" in resource["type"] or not parent_type else f"{parent_type}/{resource['type']}"
        first, last = positions.get(here, (0, 0))
        out.append(CompiledResource(kind.lower(), key.split("::")[-1] if isinstance(key, str) else None, first, last, in_module))
        out += _compiled_resources(resource, positions, here, kind, in_module)
        template = (resource.get("properties") or {}).get("template") if kind.lower() == "microsoft.resources/deployments" else None
        if isinstance(template, dict):
            out += _compiled_resources(template, positions, (*here, "properties", "template"), "", True)
    return out


class BicepMap:
    """Maps lines of one compiled template back to its `.bicep` source, where that is possible."""

    def __init__(self, compiled: Path) -> None:
        self.compiled = compiled
        self.source: Path | None = None
        self.note: str | None = None  # why nothing can be mapped, for a compiled Bicep template
        self.resources: list[CompiledResource] = []
        self.declarations: list[Declaration] = []
        self.source_lines: list[str] = []
        self.is_bicep = False
        try:
            text = compiled.read_text(encoding="utf-8-sig")
            head = json.loads(text)
        except (OSError, UnicodeDecodeError, ValueError):
            return
        generator = ((head.get("metadata") or {}).get("_generator") or {}) if isinstance(head, dict) else {}
        if not isinstance(generator, dict) or str(generator.get("name", "")).lower() != "bicep":
            return
        self.is_bicep = True
        source = compiled.with_suffix(".bicep")
        if not source.is_file():
            self.note = (f"{compiled.as_posix()} was compiled from Bicep (bicep {generator.get('version', '?')}) and carries no source lines; "
                         f"no {source.name} beside it, so this is the line in the compiled template (build next to the source to map it)")
            return
        from scanner.snapshot.jsonpos import parse

        try:
            _, positions = parse(text)
            source_text = source.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError):
            self.note = f"{source.as_posix()} could not be read: lines are in the compiled template {compiled.as_posix()}"
            return
        self.source = source
        self.source_lines = source_text.splitlines()
        self.declarations = parse_declarations(source_text)
        self.resources = _compiled_resources(head, positions, (), "", False)

    def _declaration(self, line: int) -> tuple[Declaration | None, str | None]:
        containing = [r for r in self.resources if r.first <= line <= r.last]
        if not containing:
            return None, "the line is outside every resource of the compiled template"
        resource = max(containing, key=lambda r: r.first)
        if resource.in_module:
            return None, f"declared in a Bicep module (another file): the line is in the compiled template {self.compiled.as_posix()}"
        if resource.symbol is not None:
            match = next((d for d in self.declarations if d.symbol == resource.symbol), None)
            return (match, None) if match else (None, f"no declaration named {resource.symbol} in {self.source}")
        compiled = [r for r in self.resources if r.type == resource.type and not r.in_module]
        declared = [d for d in self.declarations if d.type == resource.type]
        if len(compiled) != len(declared):
            return None, (f"{len(declared)} declaration(s) of {resource.type} in {self.source.name if self.source else '?'} but "
                          f"{len(compiled)} in the compiled template: the line is in the compiled template")
        return declared[compiled.index(resource)], None

    def map(self, line: int, property_path: str | None) -> tuple[Mapped | None, str | None]:
        """(where in the .bicep, None) or (None, why not); (None, None) for a template not built from Bicep."""
        if not self.is_bicep:
            return None, None
        if self.source is None:
            return None, self.note
        declaration, why = self._declaration(line)
        if declaration is None:
            return None, why
        uri = self.source.as_posix()
        if property_path:
            keys = property_path.split(".")
            at = self._property_line(declaration, keys)
            if at is not None:
                return Mapped(uri, at, None), None
        return Mapped(uri, declaration.start, declaration.end), None

    def _property_line(self, declaration: Declaration, keys: list[str]) -> int | None:
        """The line of the property `keys` (each key found after the one before it) inside the
        declaration's body; None when the source does not set it."""
        line = declaration.start
        for key in keys:
            for number in range(line + 1, declaration.end + 1):
                match = _KEY.match(self.source_lines[number - 1])
                if match and match.group(1) == key:
                    line = number
                    break
            else:
                return None
        return line
