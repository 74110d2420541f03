"""Scan history: every scan recorded in SQLite, drift between scans, trends and JSON Lines export."""

from scanner.history.store import DEFAULT_HISTORY_PATH, HistoryStore, ScanRecord, finding_key, scope_of

__all__ = ["DEFAULT_HISTORY_PATH", "HistoryStore", "ScanRecord", "finding_key", "scope_of"]
