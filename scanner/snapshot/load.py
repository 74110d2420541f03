"""Load a snapshot file and check it against the shipped JSON Schema.

Every way a snapshot can be wrong becomes one `UsageError` line naming the file and the problem,
so `amlscan scan` exits 2 without a traceback.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from scanner.errors import UsageError
from scanner.snapshot.model import SnapshotData, WorkspaceEntry

if TYPE_CHECKING:  # imported when a snapshot is loaded: `amlscan --help` imports this module
    from scanner.snapshot.locate import Locator
    from scanner.snapshot.stream import SnapshotFile

SCHEMA_VERSION = "1"


@dataclass
class Snapshot:
    path: str  # as given by the user, posix separators; reports cite it
    data: SnapshotData
    text: str | None  # None for a file on disk: read again only when a report needs lines
    sha256: str
    generated: bool = False  # built in memory (IaC): its text is rendered when first needed
    file: SnapshotFile | None = None  # the open file a loaded snapshot's workspaces are read from

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
        if self.file is not None:
            return b"".join(self.file.chunks()).decode("utf-8-sig")
        return Path(self.path).read_bytes().decode("utf-8-sig")

    def locator(self) -> Locator:
        """Lines of resources in the snapshot's text, read from the file in pieces when loaded."""
        from scanner.snapshot.locate import Locator

        if self.file is not None:
            return Locator(self.file.chunks, self.file.read, self.file.size)
        return Locator.of_text(self.source_text())

    @property
    def workspaces(self) -> Sequence[WorkspaceEntry]:
        """A list for a generated snapshot; for a loaded one, entries read from the file when walked
        (see scanner.snapshot.stream)."""
        return self.data.get("workspaces", [])


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files("scanner").joinpath("schemas/snapshot-v1.schema.json").read_text("utf-8")


@lru_cache(maxsize=1)
def fast_snapshot_validator() -> Any:
    """The schema compiled to Python by fastjsonschema: ~20x faster than jsonschema, which took
    ~12 ms per workspace (two minutes at 10,000). Draft 2020-12 keywords used by the schema are a
    subset draft-07 shares, so it is compiled as draft-07."""
    import fastjsonschema

    schema = json.loads(_schema_text())
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(schema)


@lru_cache(maxsize=1)
def snapshot_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(_schema_text()))


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
    _check(data, fast_snapshot_validator(), snapshot_validator(), where, [])


def _check(value: Any, fast: Any, precise: Any, where: str, prefix: list[Any]) -> None:
    """Validate with the fast validator; when invalid, word the first error by path as jsonschema
    does (more precisely), at `prefix` within the snapshot."""
    import fastjsonschema

    try:
        fast(value)
        return
    except fastjsonschema.JsonSchemaValueException as fast_error:
        name, message = str(fast_error.name), str(fast_error.message)
        fallback = f"schema violation at {json_path(prefix)}{name.removeprefix('data')}: {message.removeprefix(name).strip()}"
    error = next(iter(sorted(precise.iter_errors(value), key=lambda e: list(e.absolute_path))), None)
    if error is None:
        raise UsageError(f"{where}: {fallback}")
    message = error.message if len(error.message) < 200 else error.message[:197] + "..."
    raise UsageError(f"{where}: schema violation at {json_path([*prefix, *error.absolute_path])}: {message}")


@lru_cache(maxsize=1)
def fast_entry_validator() -> Any:
    """One workspace entry against the schema's `workspaceEntry` (see fast_snapshot_validator)."""
    import fastjsonschema

    return fastjsonschema.compile(_entry_schema("http://json-schema.org/draft-07/schema#"))


@lru_cache(maxsize=1)
def entry_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_entry_schema("https://json-schema.org/draft/2020-12/schema"))


def _entry_schema(draft: str) -> dict[str, Any]:
    schema = json.loads(_schema_text())
    # The array's items are its only constraint (a test keeps it so): entries are checked one by one.
    return {"$schema": draft, "$defs": schema["$defs"], "allOf": [{"$ref": "#/$defs/workspaceEntry"}]}


def validate_entry(entry: Any, index: int, where: str) -> None:
    """One workspace entry, with errors worded as for the whole snapshot (`$.workspaces[3]...`)."""
    _check(entry, fast_entry_validator(), entry_validator(), where, ["workspaces", index])


def _open(file: Path, shown: str) -> SnapshotFile:
    from scanner.snapshot.stream import SnapshotFile

    if file.is_dir():
        raise UsageError(f"{shown}: is a directory, expected a snapshot JSON file")
    try:
        return SnapshotFile(str(file), shown)
    except FileNotFoundError:
        raise UsageError(f"{shown}: file not found") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, expected a snapshot JSON file") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None


def _hash_and_check_text(opened: SnapshotFile, shown: str) -> str:
    """sha256 of the file's bytes; refuses a file that is not UTF-8 or holds only whitespace."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, blank = 0, True
    # The decoder holds back an incomplete sequence at a chunk's end: an error's position counts
    # from the first byte it holds.
    pending = 0
    try:
        for chunk in opened.chunks():
            digest.update(chunk)
            if offset == 0 and chunk.startswith(codecs.BOM_UTF8):
                opened.start = len(codecs.BOM_UTF8)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise UsageError(f"{shown}: not UTF-8 text (byte {offset - pending + exc.start}); is this a snapshot JSON file?") from None
            if blank and chunk[opened.start if offset == 0 else 0 :].strip():
                blank = False
            offset += len(chunk)
        pending = len(decoder.getstate()[0])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise UsageError(f"{shown}: not UTF-8 text (byte {offset - pending}); is this a snapshot JSON file?") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    if blank:
        raise UsageError(f"{shown}: file is empty")
    return digest.hexdigest()


def _load_whole(opened: SnapshotFile, shown: str, digest: str) -> Snapshot:
    """A file the streaming parser refused, parsed whole by Python's json module instead.

    yajl refuses some JSON that Python reads, and that earlier versions accepted: integers beyond
    64 bits, floats beyond double range (1e400 becomes inf), NaN and Infinity, lone surrogate
    escapes. Such a file is held in memory like any small document; a file that is not JSON gets
    the standard parser's message, which knows line and column.
    """
    text = b"".join(opened.chunks()).decode("utf-8-sig")
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            duplicates.append(next(k for i, (k, _) in enumerate(items) if any(k == j for j, _ in items[:i])))
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise UsageError(f"{shown}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}") from None
    except RecursionError:
        raise UsageError(f"{shown}: JSON nested too deeply to be a snapshot") from None
    except ValueError as exc:  # an integer of more digits than Python converts (4,300)
        raise UsageError(f"{shown}: not a snapshot: {exc}") from None
    if duplicates:
        raise UsageError(f"{shown}: not a snapshot: the key {duplicates[0]!r} appears more than once in one object")
    validate_snapshot(data, shown)
    _check_workspace_ids(data.get("workspaces", []), shown)
    from scanner.redact import redact

    if redact(data) is not data:
        del data
        opened, digest = _redacted_copy([text], shown)
        return _load_whole(opened, shown, digest)
    del text
    data = _canonical(data, shown)
    return Snapshot(path=shown, data=data, text=None, sha256=digest, file=opened)


def _check_workspace_ids(entries: Any, shown: str) -> None:
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        _check_workspace_id(entry, index, seen, shown)


def _check_workspace_id(entry: Any, index: int, seen: dict[str, int], shown: str) -> None:
    """One workspace, one entry: a second entry for the same id would be judged (and counted) twice."""
    key = str(entry.get("id", "")).lower() if isinstance(entry, dict) else ""
    if key in seen:
        raise UsageError(f"{shown}: not a snapshot: workspace {entry.get('id')!r} appears more than once ($.workspaces[{seen[key]}] and $.workspaces[{index}])")
    seen[key] = index


def _redacted_copy(pieces: Any, shown: str) -> tuple[SnapshotFile, str]:
    """The snapshot's text with its secrets redacted (layout kept: scanner.redact.jsontext), in an
    unnamed temporary file, and the sha256 of that text: what the scan reads, reports cite and the
    evidence bundle holds from here on."""
    import os
    import tempfile

    from scanner.redact.jsontext import redact_json_text
    from scanner.snapshot.stream import SnapshotFile

    digest = hashlib.sha256()
    spool = tempfile.TemporaryFile()
    try:
        for text in redact_json_text(pieces):
            data = text.encode("utf-8")
            digest.update(data)
            spool.write(data)
        spool.flush()
        fd = os.dup(spool.fileno())
    finally:
        spool.close()  # the duplicate keeps the unnamed file alive
    return SnapshotFile(None, shown, fd=fd), digest.hexdigest()


def _decoded(opened: SnapshotFile) -> Any:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    for chunk in opened.chunks():
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def load_snapshot(path: str | Path) -> Snapshot:
    """Hash, parse and validate a snapshot file, keeping only its top level in memory.

    The workspace entries are validated here, one at a time, so a bad entry is refused before any
    evaluation starts; afterwards `data["workspaces"]` reads them from the file again when walked.
    A file holding a secret is read from a redacted copy from here on (see _redacted_copy).
    """
    file = Path(path)
    shown = file.as_posix()
    opened = _open(file, shown)
    digest = _hash_and_check_text(opened, shown)
    import ijson

    from scanner.redact import redact
    from scanner.snapshot.stream import MAX_DEPTH, DuplicateKey, TooDeep, WorkspaceEntries, parse_entries, parse_entries_strict, read_header

    index = -2  # -2: the top level; then the index of the last entry read
    try:
        header, count = read_header(opened)
        if count is None:  # no workspaces array: the checks below name the problem
            validate_snapshot(header, shown)
        data = dict(header)
        validate_snapshot({**data, "workspaces": []}, shown)
        secret = redact(header) is not header
        seen: dict[str, int] = {}
        changed: set[int] = set()  # entries not in canonical form, rewritten whenever they are read
        index = -1
        for index, entry in enumerate(parse_entries_strict(opened)):
            validate_entry(entry, index, shown)
            _check_workspace_id(entry, index, seen, shown)
            clean = redact(entry)  # before the canonical form: a secret is no value to convert or refuse
            secret = secret or clean is not entry
            if _canonical_entry(clean, index, shown) is not clean:  # refuses a value ARM would reject
                changed.add(index)
    except TooDeep:
        raise UsageError(f"{shown}: JSON nested too deeply to be a snapshot (more than {MAX_DEPTH} levels)") from None
    except DuplicateKey as exc:
        where = "the key" if index == -2 else f"$.workspaces[{index + 1}]: the key"
        raise UsageError(f"{shown}: not a snapshot: {where} {str(exc)!r} appears more than once in one object") from None
    except (ijson.JSONError, UnicodeDecodeError):
        return _load_whole(opened, shown, digest)
    except RecursionError:
        raise UsageError(f"{shown}: JSON nested too deeply to be a snapshot") from None
    if secret:
        opened, digest = _redacted_copy(_decoded(opened), shown)
        header, count = read_header(opened)
        data = dict(header)
        # Redaction keeps every key and the structure, but it can replace a value the canonical
        # form would have converted: find the entries to rewrite again, on the text now read.
        changed = {i for i, entry in enumerate(parse_entries(opened)) if _canonical_entry(entry, i, shown) is not entry}
    from scanner.snapshot.canonical import CanonicalEntries

    snapshot = _canonical(data, shown)
    snapshot["workspaces"] = CanonicalEntries(WorkspaceEntries(opened, count or 0), changed)
    return Snapshot(path=shown, data=snapshot, text=None, sha256=digest, file=opened)


def _canonical_entry(entry: Any, index: int, shown: str) -> Any:
    from scanner.snapshot.canonical import CanonicalError, canonical_entry

    try:
        return canonical_entry(entry, True, ("workspaces", index))
    except CanonicalError as exc:
        raise UsageError(f"{shown}: invalid value at {json_path(exc.path)}: {exc.message}") from None


def _canonical(data: dict[str, Any], shown: str) -> SnapshotData:
    """ARM's canonical property names and value types for everything a rule reads (see
    scanner.snapshot.canonical): hand-made and older snapshots are judged like fresh ones. The
    data was validated against the snapshot schema: from here on it is typed as SnapshotData."""
    from scanner.snapshot.canonical import CanonicalError, canonical_snapshot

    try:
        return cast(SnapshotData, canonical_snapshot(data))
    except CanonicalError as exc:
        raise UsageError(f"{shown}: invalid value at {json_path(exc.path)}: {exc.message}") from None
