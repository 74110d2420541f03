"""Find the line of a resource (and of one of its properties) inside a snapshot file.

SARIF results need a physical location. A full position-tracking JSON parse of a large snapshot
would cost more than the evaluation, so the resource's line is found by its `"id": "<id>"`
member, and a property by searching for its key between that member and the next resource id.
When a property cannot be found the resource line is used.

The file is scanned once, in chunks, for its id members; only their byte offsets and lines are
kept. A property is looked for by reading just its resource's bytes again. So a 0.5 GB snapshot
(10,000 workspaces) is never held in memory to place its results.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cached_property
from itertools import chain

_ID_MEMBER = re.compile(rb'"id"\s*:\s*("[^"\\]*(?:\\.[^"\\]*)*")')  # unrolled: no alternation per character
_KEY = re.compile(r"[A-Za-z0-9_$@-]+")
# An id member longer than this is not an ARM id; chunks overlap by this much so that no member
# is cut in two.
_OVERLAP = 8192


class Locator:
    """Lines of resources and properties in a snapshot, read through `chunks` and `read`.

    `chunks()` yields the file's bytes in order; `read(start, end)` returns bytes [start, end).
    """

    def __init__(self, chunks: Callable[[], Iterator[bytes]], read: Callable[[int, int], bytes], size: int) -> None:
        self._chunks = chunks
        self._read = read
        self._size = size

    @classmethod
    def of_text(cls, text: str) -> Locator:
        data = text.encode("utf-8")
        return cls(lambda: iter((data,)), lambda start, end: data[start:end], len(data))

    @cached_property
    def _ids(self) -> tuple[dict[str, int], list[int], list[int]]:
        """(index of each lower-cased id, byte offset of each id member, line of each)."""
        first: dict[str, int] = {}
        positions: list[int] = []
        lines: list[int] = []
        line = 1  # the line at byte `base`, the start of the current window
        base, carry = 0, b""
        for chunk in chain(self._chunks(), (b"",)):  # the empty chunk flushes the last window
            window = carry + chunk
            # Matches starting at `cut` or later are taken from the next window, which starts there.
            cut = len(window) if not chunk else max(0, len(window) - _OVERLAP)
            counted = 0
            for match in _ID_MEMBER.finditer(window):
                if match.start() >= cut:
                    break
                value = _decode(match.group(1))
                if value is None:
                    continue
                line += window.count(b"\n", counted, match.start())
                counted = match.start()
                positions.append(base + counted)
                lines.append(line)
                # Ids are case-insensitive. A workspace entry repeats its workspace's id before the
                # workspace resource itself; the last occurrence is the resource, so it wins.
                first[value.lower()] = len(positions) - 1
            line += window.count(b"\n", counted, cut)
            base, carry = base + cut, window[cut:]
        return first, positions, lines

    def resource_line(self, resource_id: str) -> int | None:
        index = self._ids[0].get(resource_id.lower())
        return None if index is None else self._ids[2][index]

    def property_line(self, resource_id: str, dotted_path: str) -> int | None:
        ids, positions, lines = self._ids
        index = ids.get(resource_id.lower())
        if index is None:
            return None
        key = dotted_path.rsplit(".", 1)[-1]
        if not _KEY.fullmatch(key):
            return lines[index]
        start = positions[index]
        end = positions[index + 1] if index + 1 < len(positions) else self._size
        span = self._read(start, end)
        match = re.search(b'"' + re.escape(key.encode()) + rb'"\s*:', span)
        return lines[index] + (span.count(b"\n", 0, match.start()) if match else 0)


def _decode(literal: bytes) -> str | None:
    try:
        value = json.loads(literal) if b"\\" in literal else literal[1:-1].decode("utf-8")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None
