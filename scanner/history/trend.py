"""The `trend` object added to a results document: this scan against the previous scan of the same scope.

Shape (all keys always present; the object itself is absent when there is no previous scan):

    {"previous_scan": 12,                       # number in the history database
     "previous_scan_id": "5f0c...-uuid",
     "previous_collected_at": "2026-11-20T08:00:00Z",
     "previous_recorded_at": "2026-11-20T08:03:11.123456Z",
     "new": 2,                                  # findings failing now that did not fail then
     "resolved": 1,                             # findings that failed then and do not fail now
     "changed": 0,                              # other status changes of the same finding
     "by_status_delta": {"fail": 1, "error": 0, "unknown": -1, "waived": 0, "pass": 0}}
"""

from __future__ import annotations

from scanner.evaluate.document import ResultsDocument, Trend
from scanner.history.diff import diff_findings
from scanner.history.store import HistoryStore, scope_of
from scanner.snapshot.model import SnapshotData
from scanner.vocabulary import STATUSES


def trend_for(store: HistoryStore, document: ResultsDocument, snapshot: SnapshotData, target: str | None = None) -> Trend | None:
    """The trend of `document` (not yet recorded) against the latest recorded scan of its scope."""
    scope_key, _ = scope_of(document, snapshot, target)
    previous = store.previous(scope_key)
    if previous is None:
        return None
    changes = diff_findings(store.results(previous.id), document["results"])
    now = document["summary"]["by_status"]
    then = previous.summary.get("by_status", {})
    return {
        "previous_scan": previous.id,
        "previous_scan_id": previous.scan_id,
        "previous_collected_at": previous.collected_at,
        "previous_recorded_at": previous.recorded_at,
        "new": len(changes["new"]),
        "resolved": len(changes["resolved"]),
        "changed": len(changes["changed"]),
        "by_status_delta": {status: int(now.get(status, 0)) - int(then.get(status, 0)) for status in STATUSES},
    }
