"""Load a snapshot file and check it against the shipped JSON Schema.

Every way a snapshot can be wrong becomes one `UsageError` line naming the file and the problem,
so `amlscan scan` exits 2 without a traceback.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from scanner.errors import UsageError

SCHEMA_VERSION = "1"


@dataclass
class Snapshot:
    path: str  # as given by the user, posix separators; reports cite it
    data: dict[str, Any]
    text: str
    sha256: str

    @property
    def workspaces(self) -> list[dict[str, Any]]:
        return self.data.get("workspaces", [])


@lru_cache(maxsize=1)
def snapshot_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("scanner").joinpath("schemas/snapshot-v1.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def json_path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def validate_snapshot(data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise UsageError(f"{where}: not a snapshot: the top level must be a JSON object, found {type(data).__name__}")
    version = data.get("schema_version")
    if version is None:
        raise UsageError(f"{where}: not a snapshot: no schema_version (expected \"{SCHEMA_VERSION}\")")
    if str(version) != SCHEMA_VERSION:
        raise UsageError(f"{where}: unsupported snapshot schema_version {version!r}; this amlscan reads version \"{SCHEMA_VERSION}\"")
    error = next(iter(sorted(snapshot_validator().iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        message = error.message if len(error.message) < 200 else error.message[:197] + "..."
        raise UsageError(f"{where}: schema violation at {json_path(error.absolute_path)}: {message}")


def load_snapshot(path: str | Path) -> Snapshot:
    file = Path(path)
    shown = file.as_posix()
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{shown}: file not found") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, expected a snapshot JSON file") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{shown}: not UTF-8 text (byte {exc.start}); is this a snapshot JSON file?") from None
    if not text.strip():
        raise UsageError(f"{shown}: file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise UsageError(f"{shown}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}") from None
    validate_snapshot(data, shown)
    return Snapshot(path=shown, data=data, text=text, sha256=hashlib.sha256(raw).hexdigest())
