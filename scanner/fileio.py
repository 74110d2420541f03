"""Safe file output: never leave a half-written file behind.

Every output goes to a temporary file in the destination folder and is renamed into place, which
is atomic on POSIX filesystems; an interrupted run leaves the previous file (or nothing).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO


def check_output_path(path: str | os.PathLike[str], what: str, folder: bool) -> None:
    """Refuse an output path that cannot work before any time is spent (exit 2, one line):
    a folder where a file is wanted or the reverse, or an ancestor that is a file or read-only."""
    from scanner.errors import UsageError

    target = Path(path)
    if target.exists():
        if folder and not target.is_dir():
            raise UsageError(f"{target}: {what} exists and is not a folder")
        if not folder and target.is_dir():
            raise UsageError(f"{target}: {what} is a folder; give a file name")
    ancestor = target if folder else target.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise UsageError(f"{target}: cannot create {what}: {ancestor} is not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise UsageError(f"{target}: cannot write {what}: {ancestor} is not writable")


def stage_bytes(path: str | os.PathLike[str], data: bytes | Iterable[str]) -> Path:
    """Write `data` (bytes, or text in pieces, written as UTF-8 as they come) to a synced temporary
    file beside `path` (its permissions as open() would give); the caller renames it into place
    with os.replace, or unlinks it."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp creates 0600; give the file the permissions a plain open() would have.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                _write_pieces(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        # BaseException on purpose: Ctrl-C must not leave the temporary file either.
        discard(Path(tmp))
        raise
    return Path(tmp)


def _write_pieces(handle: BinaryIO, pieces: Iterable[str]) -> None:
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= 1 << 20:  # one write per ~1 MB: a write per piece costs more than encoding it
            handle.write("".join(batch).encode("utf-8"))
            batch, size = [], 0
    handle.write("".join(batch).encode("utf-8"))


def discard(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    target = Path(path)
    tmp = stage_bytes(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        discard(tmp)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def dumps_stable(value: Any, depth: int | None = None) -> str:
    """Deterministic JSON: sorted keys, two-space indentation, trailing newline.

    With `depth`, containers nested `depth` levels deep or more are written on one line each
    (`depth=2`: every item of a top-level list on its own line). Python's json module encodes
    indented output in pure Python; one-line values go through its C encoder, which made
    results.json of 10,000 workspaces (551,600 results) ~10x faster to write, and one result per
    line is also what a line diff of two reports wants.
    """
    if depth is None:
        return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return "".join(iter_stable(value, depth))


def iter_stable(value: Any, depth: int) -> Iterator[str]:
    """`dumps_stable(value, depth)` in pieces, for writing a large report without building it whole."""
    yield from _encode(value, depth, "")
    yield "\n"


_ONE_LINE = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": ")).encode


def _encode(value: Any, depth: int, indent: str) -> Iterator[str]:
    if depth <= 0 or not isinstance(value, (dict, list)) or not value:
        yield _ONE_LINE(value)
        return
    inner = indent + "  "
    if isinstance(value, dict):
        yield "{"
        for i, key in enumerate(sorted(value)):
            yield ("," if i else "") + "\n" + inner + _ONE_LINE(str(key)) + ": "
            yield from _encode(value[key], depth - 1, inner)
        yield "\n" + indent + "}"
    else:
        yield "["
        for i, item in enumerate(value):
            yield ("," if i else "") + "\n" + inner
            yield from _encode(item, depth - 1, inner)
        yield "\n" + indent + "]"


def atomic_write_json(path: str | os.PathLike[str], value: Any) -> Path:
    return atomic_write_text(path, dumps_stable(value))
