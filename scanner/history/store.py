"""The scan history: one SQLite database (stdlib `sqlite3`) recording every scan.

- WAL mode, so readers (`amlscan history`, `diff`, a report's trend) never block a writer.
- A scan is written in one `BEGIN IMMEDIATE` transaction: the scan row, every result and the
  compressed snapshot commit together or not at all, so a scan killed half way leaves nothing.
- Two writers at once queue on SQLite's write lock (`busy_timeout`), they do not fail or corrupt.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypedDict, cast

from scanner.errors import UsageError
from scanner.evaluate.document import Evidence, Result, ResultsDocument
from scanner.history.migrations import migrate
from scanner.redact import redact
from scanner.redact.document import redact_document, redact_result
from scanner.snapshot.model import SnapshotData

BUSY_TIMEOUT_SECONDS = 60.0
SNAPSHOT_ENCODING = "gzip+json"
NON_PASSING = ("fail", "unknown", "error")


class StoredResult(TypedDict):
    """A result as the history keeps it (the results table, scanner/history/migrations.py)."""

    finding_key: str
    rule_id: str
    title: str
    severity: str
    status: str
    resource_id: str
    resource_type: str
    workspace_id: str
    message: str
    evidence: list[Evidence]
    frameworks: dict[str, list[str]]


def check_database_path(path: Path) -> None:
    """Refuse an unusable history before any report is written (exit 2, nothing written): a
    folder, a file that is not a SQLite database, a location that cannot be written."""
    from scanner.fileio import check_output_path

    check_output_path(path, "--history", folder=False)
    if path.is_file():
        if not os.access(path, os.R_OK | os.W_OK):
            raise UsageError(f"{path.as_posix()}: cannot write the history database: permission denied")
        with open(path, "rb") as handle:
            head = handle.read(16)
        if head and head != b"SQLite format 3\0":
            raise UsageError(f"{path.as_posix()}: --history is not a SQLite database (amlscan history databases are)")


def finding_key(result: Result | StoredResult) -> str:
    """What makes a finding 'the same' across scans: rule, resource and workspace (ARM ids are case-insensitive)."""
    return f"{result['rule_id']}|{str(result['resource_id']).lower()}|{str(result['workspace_id']).lower()}"


def scope_of(document: ResultsDocument, snapshot: SnapshotData, target: str | None = None) -> tuple[str, Any]:
    """(scope_key, scope): scans with the same key are the 'same scope' for trends and default diffs.

    A configured target is its own scope; otherwise the snapshot's `source.scope`, or failing
    that the set of workspaces it holds.
    """
    if target:
        scope: Any = {"target": target}
    else:
        declared = (document.get("snapshot", {}).get("source") or snapshot.get("source") or {}).get("scope")
        if declared:
            scope = {"scope": sorted(str(s).lower() for s in declared) if isinstance(declared, list) else str(declared).lower()}
        else:
            scope = {"workspaces": sorted(str(ws.get("id", "")).lower() for ws in snapshot.get("workspaces", []))}
    text = json.dumps(scope, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16], scope


@dataclass(frozen=True)
class ScanRecord:
    id: int
    scan_id: str
    recorded_at: str
    collected_at: str | None
    scope_key: str
    scope: Any
    target: str | None
    scanner_name: str
    scanner_version: str
    policy_name: str
    policy_version: str
    policy_sha256: str
    snapshot_sha256: str
    snapshot_path: str | None
    config_sha256: str | None
    engine: str
    workspaces: int
    summary: dict[str, Any]

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ScanRecord:
        data = dict(row)
        data["scope"] = json.loads(data["scope"])
        data["summary"] = json.loads(data.pop("summary_json"))
        return cls(**data)


def _utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compress_snapshot(snapshot: SnapshotData) -> bytes:
    """The snapshot as compact sorted JSON, gzipped; written one workspace at a time, because a
    loaded snapshot's workspaces are read from its file when walked, never all held at once."""
    out = io.BytesIO()
    fields: Mapping[str, Any] = snapshot
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as packed:
        for i, key in enumerate(sorted(fields)):
            packed.write(("{" if i == 0 else ",").encode() + json.dumps(key).encode() + b":")
            value = fields[key]
            if key == "workspaces":
                packed.write(b"[")
                for j, entry in enumerate(value):
                    entry = redact(entry)
                    packed.write((b"," if j else b"") + json.dumps(entry, sort_keys=True, separators=(",", ":")).encode("utf-8"))
                packed.write(b"]")
            else:
                packed.write(json.dumps(redact(value), sort_keys=True, separators=(",", ":")).encode("utf-8"))
        packed.write(b"}" if snapshot else b"{}")
    return out.getvalue()


def _switch_to_wal(conn: sqlite3.Connection) -> str:
    """`PRAGMA journal_mode = WAL`, retried: on a database another process is creating at the same
    moment SQLite answers "database is locked" at once, without waiting on busy_timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            mode = "locked"
        if mode.lower() == "wal" or time.monotonic() > deadline:
            return mode
        time.sleep(0.05)


class HistoryStore:
    """An open history database. Use as a context manager; one per process (or thread)."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        shown = self.path.as_posix()
        if read_only:
            self._open_read_only(shown)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"{shown}: cannot open history database: {exc}") from None
        self._conn.row_factory = sqlite3.Row
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            mode = _switch_to_wal(self._conn)
            if str(mode).lower() != "wal":
                raise UsageError(f"{shown}: history database could not be switched to WAL mode (got {mode})")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self.schema_version = migrate(self._conn, shown)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise UsageError(f"{shown}: not a usable history database: {exc}") from None

    def _open_read_only(self, shown: str) -> None:
        """For `history` and `diff`: nothing is written, so a database on read-only media (or in a
        read-only folder, where SQLite cannot create its -shm file) can be read. `immutable` is
        the fallback SQLite documents for media that cannot change under the reader."""
        from scanner.history.migrations import LATEST

        uri = self.path.resolve().as_uri()
        last: Exception | None = None
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(uri + query, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
                conn.row_factory = sqlite3.Row
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                conn.execute("SELECT COUNT(*) FROM scans").fetchone()
            except sqlite3.DatabaseError as exc:
                last = exc
                continue
            if version > LATEST:
                conn.close()
                raise UsageError(f"{shown}: history database schema version {version} is newer than this amlscan knows ({LATEST}); upgrade amlscan")
            self._conn = conn
            self.schema_version = version
            return
        raise UsageError(f"{shown}: cannot read the history database (opened read-only): {last}")

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    # -- writing -------------------------------------------------------------------------------

    def record(
        self,
        document: ResultsDocument,
        snapshot: SnapshotData,
        *,
        target: str | None = None,
        engine: str = "embedded",
        results: Iterable[Result] | None = None,
    ) -> ScanRecord:
        """Record one scan (its results default to `document['results']`) in one transaction.
        What is stored is redacted (scanner.redact) whatever the caller passes."""
        document = redact_document(document)
        scope_key, scope = scope_of(document, snapshot, target)
        scan_id = str(uuid.uuid4())
        meta = document.get("snapshot", {})
        bundle = document.get("policy_bundle", {})
        scanner = document.get("scanner", {})
        config = document.get("configuration") or {}
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO scans (scan_id, recorded_at, collected_at, scope_key, scope, target, scanner_name, scanner_version,"
                " policy_name, policy_version, policy_sha256, snapshot_sha256, snapshot_path, config_sha256, engine, workspaces,"
                " summary_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    scan_id, _utc_now(), meta.get("collected_at"), scope_key, json.dumps(scope, sort_keys=True), target,
                    str(scanner.get("name", "amlscan")), str(scanner.get("version", "")),
                    str(bundle.get("name", "")), str(bundle.get("version", "")), str(bundle.get("sha256", "")),
                    str(meta.get("sha256", "")), meta.get("path"), config.get("sha256"), engine,
                    int(document.get("summary", {}).get("workspaces", len(snapshot.get("workspaces", [])))),
                    json.dumps(document.get("summary", {}), sort_keys=True),
                ),
            )
            scan = int(cursor.lastrowid or 0)
            rows = (
                (
                    scan, seq, finding_key(r), r["rule_id"], r["title"], r["severity"], r["status"], r["resource_id"],
                    r["resource_type"], r["workspace_id"], r["message"], json.dumps(r.get("evidence", []), sort_keys=True),
                    json.dumps(r.get("frameworks", {}), sort_keys=True),
                )
                for seq, r in enumerate(document["results"] if results is None else map(redact_result, results))
            )
            conn.executemany(
                "INSERT INTO results (scan, seq, finding_key, rule_id, title, severity, status, resource_id, resource_type,"
                " workspace_id, message, evidence_json, frameworks_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.execute("INSERT INTO snapshots (scan, encoding, data) VALUES (?, ?, ?)", (scan, SNAPSHOT_ENCODING, compress_snapshot(snapshot)))
            conn.execute("COMMIT")
        except BaseException:
            # BaseException on purpose: Ctrl-C must roll back too (a SIGKILL leaves an uncommitted WAL tail, which SQLite ignores).
            conn.execute("ROLLBACK")
            raise
        return self.get(scan)

    # -- reading -------------------------------------------------------------------------------

    def get(self, scan: int) -> ScanRecord:
        row = self._conn.execute("SELECT * FROM scans WHERE id = ?", (scan,)).fetchone()
        if row is None:
            raise UsageError(f"{self.path.as_posix()}: no scan #{scan} in the history")
        return ScanRecord.from_row(row)

    def scans(self, scope_key: str | None = None, limit: int | None = None) -> list[ScanRecord]:
        """Most recent first."""
        sql, params = "SELECT * FROM scans", []
        if scope_key:
            sql += " WHERE scope_key = ?"
            params.append(scope_key)
        sql += " ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [ScanRecord.from_row(row) for row in self._conn.execute(sql, params)]

    def previous(self, scope_key: str, before: int | None = None) -> ScanRecord | None:
        """The latest scan of the scope (recorded before scan #`before` when given)."""
        sql = "SELECT * FROM scans WHERE scope_key = ?" + (" AND id < ?" if before is not None else "") + " ORDER BY id DESC LIMIT 1"
        row = self._conn.execute(sql, (scope_key, before) if before is not None else (scope_key,)).fetchone()
        return ScanRecord.from_row(row) if row else None

    def resolve(self, ref: str) -> ScanRecord:
        """A scan by number (`7`), position from the end (`-1` latest, `-2` the one before) or scan id (prefix).

        A UUID prefix can be all digits (`74463294`), so a digit string is looked up both ways and refused when
        it names two different scans; id prefixes count from 4 characters on, so `7` is always scan #7.
        """
        text = ref.strip()
        where = self.path.as_posix()
        if text.startswith("-") and text[1:].isdigit():
            position = int(text[1:])
            found = self.scans(limit=position) if position else []
            if not position or len(found) < position:
                raise UsageError(f"{where}: the history holds {len(found)} scan(s); there is no scan {text}")
            return found[-1]
        by_number = self._by_number(int(text)) if text.isdigit() else None
        by_id = self._by_id_prefix(text) if len(text) >= 4 or not text.isdigit() else []
        if by_number is not None and by_id and by_id != [by_number]:
            newer = self._conn.execute("SELECT COUNT(*) FROM scans WHERE id >= ?", (by_number.id,)).fetchone()[0]
            raise UsageError(
                f"{where}: {text!r} is both scan #{by_number.id} and the start of scan id {by_id[0].scan_id}; "
                f"give more characters of the id, or name scan #{by_number.id} by its position: -{newer}"
            )
        if by_number is not None:
            return by_number
        if len(by_id) == 1:
            return by_id[0]
        if text.isdigit() and not by_id:
            raise UsageError(f"{where}: no scan #{int(text)} in the history, and no scan id starts with {text!r}")
        problem = "no scan" if not by_id else f"{len(by_id)} scans"
        raise UsageError(f"{where}: {problem} with an id starting with {text!r}")

    def _by_number(self, number: int) -> ScanRecord | None:
        row = self._conn.execute("SELECT * FROM scans WHERE id = ?", (number,)).fetchone()
        return ScanRecord.from_row(row) if row else None

    def _by_id_prefix(self, text: str) -> list[ScanRecord]:
        # LIKE wildcards in user text would widen the match; ids are hex and dashes only.
        if not all(ch in "0123456789abcdef-" for ch in text.lower()):
            return []
        rows = self._conn.execute("SELECT * FROM scans WHERE scan_id LIKE ? ORDER BY id", (text.lower() + "%",)).fetchall()
        return [ScanRecord.from_row(row) for row in rows]

    def results(self, scan: int) -> Iterator[StoredResult]:
        for row in self._conn.execute("SELECT * FROM results WHERE scan = ? ORDER BY seq", (scan,)):
            data = dict(row)
            data["evidence"] = json.loads(data.pop("evidence_json"))
            data["frameworks"] = json.loads(data.pop("frameworks_json"))
            del data["scan"], data["seq"]
            yield cast(StoredResult, redact_result(data))  # redacted again: a database written before redaction was complete

    def snapshot(self, scan: int) -> SnapshotData | None:
        row = self._conn.execute("SELECT encoding, data FROM snapshots WHERE scan = ?", (scan,)).fetchone()
        if row is None:
            return None
        if row["encoding"] != SNAPSHOT_ENCODING:
            raise UsageError(f"{self.path.as_posix()}: scan #{scan}: unknown snapshot encoding {row['encoding']!r}")
        data: SnapshotData = redact(json.loads(gzip.decompress(row["data"]).decode("utf-8")))  # recorded from a validated snapshot
        return data

    def integrity_check(self) -> str:
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])
