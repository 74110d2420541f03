"""Read a snapshot file without holding its workspaces in memory.

At 10,000 workspaces a snapshot is ~0.5 GB of JSON and ~1.3 GB once parsed into Python objects,
more than the whole scan may use. So the file is read as a stream (ijson, yajl's C parser): the
small top-level members (source, tenant, subscriptions) are kept, and the workspace entries are
parsed again one at a time whenever something walks them: the evaluation, then the reports.

Every read goes through one file descriptor opened at load time, with positioned reads: a file
replaced on disk during the scan (a collector writing a new snapshot and renaming it into place)
cannot change what this scan reads after it hashed and validated the original, and a file
rewritten in place is refused (SnapshotFile.check).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, overload

import ijson

from scanner.errors import UsageError
from scanner.snapshot.model import WorkspaceEntry

_OPENERS = ("start_map", "start_array")
_CLOSERS = ("end_map", "end_array")
READ_SIZE = 1 << 20
# Deeper than any snapshot has reason to be (ARM resources nest a few dozen levels). Checked in the
# first pass because ijson's item parser builds a path string per level: memory grows with the
# square of the depth (a 100,000-deep array exhausted 24 GB).
MAX_DEPTH = 512
# A pipe or a device (`/dev/zero`) is copied to a temporary file before it is read; the copy stops
# here (a snapshot of 10,000 workspaces is ~0.5 GB) rather than fill the disk.
MAX_STREAM_BYTES = 4 << 30


def _pread(fd: int, size: int, position: int) -> bytes:
    """os.pread where it exists (POSIX); elsewhere (Windows) a seek and a read, which is fine for
    the one thread that reads a snapshot."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, position)
    os.lseek(fd, position, os.SEEK_SET)
    return os.read(fd, size)


class SnapshotFile:
    """An open snapshot file; `reader()` gives independent readers from the JSON's first byte.

    What is read must be what was hashed and validated: a file rewritten in place after loading (a
    `cp` or shell redirection onto it) is detected by its size and modification time at each read
    and refused. A pipe is copied to an unnamed temporary file first, since it can be read once.
    """

    def __init__(self, path: str | None, shown: str, fd: int | None = None) -> None:
        self.shown = shown
        self.start = 0  # past a UTF-8 byte-order mark
        if fd is None:
            fd = os.open(str(path), os.O_RDONLY | getattr(os, "O_BINARY", 0))
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                fd = _spooled(fd, shown)
        self._fd = fd
        self._stamp = self._now()

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    # One descriptor, closed when this object goes: a copy would close it twice, and a pickle
    # would carry a number meaningless elsewhere.
    def __copy__(self) -> SnapshotFile:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> SnapshotFile:
        return self

    def __reduce__(self) -> Any:
        raise TypeError("an open snapshot file cannot be pickled; pass its path")

    def _now(self) -> tuple[int, int]:
        info = os.fstat(self._fd)
        return info.st_size, info.st_mtime_ns

    def check(self) -> None:
        if self._now() != self._stamp:
            raise UsageError(f"{self.shown}: the snapshot changed on disk while it was being scanned; scan it again")

    def reader(self) -> _Reader:
        self.check()
        return _Reader(self, self.start)

    @property
    def size(self) -> int:
        return self._stamp[0]

    def read(self, start: int, end: int) -> bytes:
        """Bytes [start, end) of the file."""
        self.check()
        return _pread(self._fd, max(0, end - start), start)

    def chunks(self, offset: int = 0) -> Iterator[bytes]:
        self.check()
        position = offset
        while True:
            chunk = _pread(self._fd, READ_SIZE, position)
            if not chunk:
                return
            position += len(chunk)
            yield chunk


def _spooled(fd: int, shown: str, limit: int | None = None) -> int:
    """A descriptor of an unnamed temporary file holding everything `fd` (a pipe) yields, up to
    MAX_STREAM_BYTES: beyond that the input is refused (exit 2) and the copy removed."""
    limit = MAX_STREAM_BYTES if limit is None else limit
    spool = tempfile.TemporaryFile()
    copied = 0
    try:
        while True:
            data = os.read(fd, READ_SIZE)
            if not data:
                break
            copied += len(data)
            if copied > limit:
                raise UsageError(f"{shown}: more than {limit:,} bytes read from a pipe or device without an end; a snapshot is never that large (give a file)")
            spool.write(data)
        spool.flush()
        return os.dup(spool.fileno())
    finally:
        spool.close()  # the duplicate keeps the unnamed file alive
        os.close(fd)


class _Reader:
    """A file-like `read` over the shared descriptor with its own position; holds the file open."""

    def __init__(self, file: SnapshotFile, position: int) -> None:
        self._file = file
        self._position = position

    def read(self, size: int = -1) -> bytes:
        size = READ_SIZE if size is None or size < 0 else size
        data = _pread(self._file._fd, size, self._position)
        self._position += len(data)
        return data


class _UniqueKeys(dict):  # type: ignore[type-arg]
    """An object of the top level (subscriptions...) that refuses a key given twice, as the
    workspace entries do (parse_entries_strict)."""

    __slots__ = ()

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self:
            raise DuplicateKey(key)
        dict.__setitem__(self, key, value)


def _value(events: Iterator[tuple[str, Any]], first: tuple[str, Any]) -> Any:
    """The value whose first parse event is `first`, built from the events that follow."""
    event, value = first
    if event not in _OPENERS:
        return value
    builder = ijson.ObjectBuilder(map_type=_UniqueKeys)
    builder.event(event, value)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        if event in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeep()
        elif event in _CLOSERS:
            depth -= 1
            if depth == 0:
                break
    return _plain(builder.value)


def _plain(value: Any) -> Any:
    """Plain dicts again: `_UniqueKeys` guards parsing only; left in place it would raise
    DuplicateKey on any later assignment to a key the object holds."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _count_items(events: Iterator[tuple[str, Any]]) -> int:
    """Skip an array whose start_array was just read; the number of its items."""
    depth, count = 1, 0
    for event, _ in events:
        if event in _OPENERS:
            if depth == 1:
                count += 1
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeep()
        elif event in _CLOSERS:
            depth -= 1
            if depth == 0:
                return count
        elif depth == 1:
            count += 1
    return count


class DuplicateKey(ValueError):
    pass


class TooDeep(ValueError):
    pass


def read_header(file: SnapshotFile) -> tuple[Any, int | None]:
    """The top level with `workspaces` left out, and how many workspace entries there are.

    The top level is returned as parsed when it is not an object (for the caller to refuse), and
    the count is None when `workspaces` is absent or not an array (its value is then kept in the
    header, for schema validation to name the problem). Raises ijson.JSONError on invalid JSON.
    """
    events = ijson.basic_parse(file.reader(), use_float=True)
    first = next(events)
    if first[0] != "start_map":
        value = _value(events, first)
        for _ in events:  # trailing content is reported as such, not as "not an object"
            pass
        return value, None
    header: dict[str, Any] = {}
    count: int | None = None
    for event, key in events:
        if event == "end_map":
            break
        if key in header or (key == "workspaces" and count is not None):
            raise DuplicateKey(key)
        value_start = next(events)
        if key == "workspaces" and value_start[0] == "start_array":
            count = _count_items(events)
        else:
            header[key] = _value(events, value_start)
    for _ in events:  # trailing content after the top-level object is an error ijson raises here
        pass
    return header, count


def parse_entries(file: SnapshotFile) -> Iterator[Any]:
    """The workspace entries as the file holds them, parse errors raised as they are."""
    return iter(ijson.items(file.reader(), "workspaces.item", use_float=True))


def parse_entries_strict(file: SnapshotFile) -> Iterator[Any]:
    """As parse_entries, but an object holding one key twice raises DuplicateKey (JSON parsers
    keep one of the two silently, so what a rule judged and what a reader sees could differ).
    The objects are dict subclasses; used once, when the snapshot is loaded."""
    found: list[str] = []

    class _Strict(dict):  # type: ignore[type-arg]
        __slots__ = ()

        def __setitem__(self, key: str, value: Any) -> None:
            # Recorded, not raised: an exception inside yajl's C callbacks comes out as SystemError.
            if key in self:
                found.append(key)
            dict.__setitem__(self, key, value)

    for entry in ijson.items(file.reader(), "workspaces.item", use_float=True, map_type=_Strict):
        if found:
            raise DuplicateKey(found[0])
        yield entry


class WorkspaceEntries(Sequence[WorkspaceEntry]):
    """The snapshot's workspace entries, parsed from the file each time they are walked.

    Reads like the list it stands for (len, iteration, indexing) but is not one: code that needs
    every entry at once must make that choice explicitly with list().
    """

    def __init__(self, file: SnapshotFile, count: int) -> None:
        self._file = file
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Any]:
        return self._walk(self._file)

    @staticmethod
    def _walk(file: SnapshotFile) -> Iterator[Any]:
        # The file parsed and validated when it was loaded: a parse error now means it changed.
        try:
            yield from parse_entries(file)
        except (ijson.JSONError, UnicodeDecodeError):
            file.check()
            raise UsageError(f"{file.shown}: the snapshot can no longer be parsed; did it change on disk? Scan it again") from None
        file.check()

    @overload
    def __getitem__(self, key: int) -> Any: ...
    @overload
    def __getitem__(self, key: slice) -> list[Any]: ...
    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, stop, step = key.indices(self._count)
            return list(islice(self, start, stop, step)) if step > 0 else list(self)[key]
        index = key + self._count if key < 0 else key
        if not 0 <= index < self._count:
            raise IndexError("workspace index out of range")
        return next(islice(self, index, None))

    def __repr__(self) -> str:
        return f"<{self._count} workspace entries, read from the snapshot file when walked>"
