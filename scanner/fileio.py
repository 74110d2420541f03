"""Safe file output: never leave a half-written file behind.

Every output goes to a temporary file in the destination folder and is renamed into place, which
is atomic on POSIX filesystems; an interrupted run leaves the previous file (or nothing).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


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


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp creates 0600; give the file the permissions a plain open() would have.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        # BaseException on purpose: Ctrl-C must not leave the temporary file either.
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def dumps_stable(value: Any) -> str:
    """Deterministic JSON: sorted keys, fixed indentation, trailing newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def atomic_write_json(path: str | os.PathLike[str], value: Any) -> Path:
    return atomic_write_text(path, dumps_stable(value))
