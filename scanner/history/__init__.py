"""Scan history: every scan recorded in SQLite, drift between scans, trends and JSON Lines export."""

from scanner.history.store import HistoryStore, ScanRecord, finding_key, scope_of

__all__ = ["HistoryStore", "ScanRecord", "finding_key", "scope_of"]
