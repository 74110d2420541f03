"""Find the line of a resource (and of one of its properties) inside a snapshot file.

SARIF results need a physical location. A full position-tracking JSON parse of a large snapshot
would cost more than the evaluation, so the resource's line is found by its `"id": "<id>"`
member, and a property by searching for its key between that member and the next resource id.
When a property cannot be found the resource line is used.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import cached_property

_ID_MEMBER = re.compile(r'"id"\s*:\s*("[^"\\]*(?:\\.[^"\\]*)*")')  # unrolled: no alternation per character


class Locator:
    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _ids(self) -> tuple[dict[str, int], list[int]]:
        first: dict[str, int] = {}
        positions: list[int] = []
        lines: list[int] = []  # line of each position, counted incrementally (no index of every line)
        line, previous = 1, 0
        for match in _ID_MEMBER.finditer(self.text):
            literal = match.group(1)
            try:
                value = literal[1:-1] if "\\" not in literal else json.loads(literal)
            except json.JSONDecodeError:
                continue
            line += self.text.count("\n", previous, match.start())
            previous = match.start()
            positions.append(match.start())
            lines.append(line)
            if isinstance(value, str):
                # Ids are case-insensitive. A workspace entry repeats its workspace's id before the
                # workspace resource itself; the last occurrence is the resource, so it wins.
                first[value.lower()] = match.start()
        self._id_lines = lines
        return first, positions

    def line_of_offset(self, offset: int) -> int:
        positions = self._ids[1]
        index = bisect.bisect_right(positions, offset) - 1
        if index < 0:
            return self.text.count("\n", 0, offset) + 1
        return self._id_lines[index] + self.text.count("\n", positions[index], offset)

    def resource_line(self, resource_id: str) -> int | None:
        offset = self._ids[0].get(resource_id.lower())
        return None if offset is None else self.line_of_offset(offset)

    def property_line(self, resource_id: str, dotted_path: str) -> int | None:
        ids, positions = self._ids
        start = ids.get(resource_id.lower())
        if start is None:
            return None
        index = bisect.bisect_right(positions, start)
        end = positions[index] if index < len(positions) else len(self.text)
        key = dotted_path.rsplit(".", 1)[-1]
        if not re.fullmatch(r"[A-Za-z0-9_$@-]+", key):
            return self.line_of_offset(start)
        match = re.compile(r'"' + re.escape(key) + r'"\s*:').search(self.text, start, end)
        return self.line_of_offset(match.start() if match else start)
