"""Versioned schema migrations of the scan history database.

Each migration is applied once, in order, inside the same `BEGIN IMMEDIATE` transaction that
checks `PRAGMA user_version`, so two processes opening a new database at once cannot both apply
it. Released migrations are never edited: a change is a new entry at the end of `MIGRATIONS`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from scanner.errors import UsageError

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "scans, results and compressed snapshots",
        """
        CREATE TABLE schema_migrations (
            version     INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at  TEXT NOT NULL
        );
        CREATE TABLE scans (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            scan_id          TEXT NOT NULL UNIQUE,
            recorded_at      TEXT NOT NULL,
            collected_at     TEXT,
            scope_key        TEXT NOT NULL,
            scope            TEXT NOT NULL,
            target           TEXT,
            scanner_name     TEXT NOT NULL,
            scanner_version  TEXT NOT NULL,
            policy_name      TEXT NOT NULL,
            policy_version   TEXT NOT NULL,
            policy_sha256    TEXT NOT NULL,
            snapshot_sha256  TEXT NOT NULL,
            snapshot_path    TEXT,
            config_sha256    TEXT,
            engine           TEXT NOT NULL,
            workspaces       INTEGER NOT NULL,
            summary_json     TEXT NOT NULL
        );
        CREATE INDEX scans_scope ON scans (scope_key, id);
        CREATE TABLE results (
            scan            INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            seq             INTEGER NOT NULL,
            finding_key     TEXT NOT NULL,
            rule_id         TEXT NOT NULL,
            title           TEXT NOT NULL,
            severity        TEXT NOT NULL,
            status          TEXT NOT NULL,
            resource_id     TEXT NOT NULL,
            resource_type   TEXT NOT NULL,
            workspace_id    TEXT NOT NULL,
            message         TEXT NOT NULL,
            evidence_json   TEXT NOT NULL,
            frameworks_json TEXT NOT NULL,
            PRIMARY KEY (scan, seq)
        );
        CREATE INDEX results_key ON results (scan, finding_key);
        CREATE TABLE snapshots (
            scan     INTEGER PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
            encoding TEXT NOT NULL,
            data     BLOB NOT NULL
        );
        """,
    ),
)

LATEST = MIGRATIONS[-1][0]


def migrate(conn: sqlite3.Connection, where: str) -> int:
    """Bring the database to the latest schema; returns the version it is at."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current > LATEST:
            raise UsageError(f"{where}: history database schema version {current} is newer than this amlscan knows ({LATEST}); upgrade amlscan")
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for version, description, sql in MIGRATIONS:
            if version <= current:
                continue
            for statement in (s.strip() for s in sql.split(";")):
                if statement:
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)", (version, description, now))
            conn.execute(f"PRAGMA user_version = {int(version)}")
            current = version
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current
