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
    text: str | None  # None for a file on disk: read again only when a report needs lines
    sha256: str
    generated: bool = False  # built in memory (IaC): its text is rendered when first needed

    def source_text(self) -> str:
        """The snapshot's text, for locating lines. Not kept in memory for files: at 10,000
        workspaces it is ~0.5 GB next to the parsed document. A generated snapshot is rendered
        on demand: IaC results point at their templates, so usually nothing asks (rendering it
        took ~10% of an IaC scan)."""
        if self.text is not None:
            return self.text
        if self.generated:
            self.text = json.dumps(self.data, indent=2, sort_keys=False)
            return self.text
        return Path(self.path).read_bytes().decode("utf-8-sig")

    @property
    def workspaces(self) -> list[dict[str, Any]]:
        return self.data.get("workspaces", [])


@lru_cache(maxsize=1)
def fast_snapshot_validator() -> Any:
    """The schema compiled to Python by fastjsonschema: ~20x faster than jsonschema, which took
    ~12 ms per workspace (two minutes at 10,000). Draft 2020-12 keywords used by the schema are a
    subset draft-07 shares, so it is compiled as draft-07."""
    import fastjsonschema

    schema = json.loads(resources.files("scanner").joinpath("schemas/snapshot-v1.schema.json").read_text("utf-8"))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(schema)


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
    import fastjsonschema

    try:
        fast_snapshot_validator()(data)
        return
    except fastjsonschema.JsonSchemaValueException as fast_error:
        fallback = f"schema violation at ${fast_error.name.removeprefix('data')}: {fast_error.message.removeprefix(fast_error.name).strip()}"
    # Invalid: ask jsonschema for the first error by path, which it words more precisely.
    error = next(iter(sorted(snapshot_validator().iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is None:
        raise UsageError(f"{where}: {fallback}")
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
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{shown}: not UTF-8 text (byte {exc.start}); is this a snapshot JSON file?") from None
    del raw  # a large snapshot must not be held three times over while it is parsed
    if not text.strip():
        raise UsageError(f"{shown}: file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise UsageError(f"{shown}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}") from None
    except RecursionError:
        raise UsageError(f"{shown}: JSON nested too deeply to be a snapshot") from None
    del text
    validate_snapshot(data, shown)
    return Snapshot(path=shown, data=data, text=None, sha256=digest)
