"""Child process for the concurrency tests: `python -m tests.history.writer DB MODE ...`.

MODE `many N TAG START`: record N scans of a synthetic document, each with 1500 results, starting at
unix time START (so two children begin together), pausing 0.2 s between scans. MODE `hang MARKER`: start recording, and after
500 results are inside the open transaction write MARKER and sleep until killed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scanner.history.store import HistoryStore

RESULTS_PER_SCAN = 1500


def result(i: int, tag: str) -> dict[str, Any]:
    return {
        "rule_id": f"AML-TST-{i % 50:03d}", "title": "t", "severity": "low", "status": "fail" if i % 7 == 0 else "pass",
        "resource_id": f"/subscriptions/s/resourceGroups/rg/providers/x/y/{tag}-{i}", "resource_type": "x/y",
        "workspace_id": f"/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/{tag}",
        "frameworks": {"hipaa": ["164.312(b)"]}, "evidence": [{"path": "p", "found": i, "expected": 0}], "message": f"m{i}",
    }


def document(tag: str, n: int = RESULTS_PER_SCAN) -> tuple[dict[str, Any], dict[str, Any]]:
    snapshot = {"schema_version": "1", "collected_at": "2026-11-20T08:00:00Z", "source": {"kind": "fixture", "scope": [f"/subscriptions/{tag}"]},
                "workspaces": [{"id": f"/subscriptions/s/w/{tag}"}], "padding": "x" * 20000}
    doc = {
        "scanner": {"name": "amlscan", "version": "test"},
        "policy_bundle": {"name": "p", "version": "1", "sha256": "0" * 64},
        "snapshot": {"sha256": "1" * 64, "collected_at": snapshot["collected_at"], "source": snapshot["source"], "path": None},
        "summary": {"workspaces": 1, "by_status": {"fail": 0, "error": 0, "unknown": 0, "waived": 0, "pass": n}},
        "results": [result(i, tag) for i in range(n)],
    }
    return doc, snapshot


def hang(db: str, marker: str) -> None:
    doc, snapshot = document("killed")

    def slow() -> Iterator[dict[str, Any]]:
        for i, r in enumerate(doc["results"]):
            if i == 500:
                Path(marker).write_text("inside the transaction")
                time.sleep(120)
            yield r

    with HistoryStore(db) as store:
        store.record(doc, snapshot, results=slow())


def many(db: str, count: int, tag: str, start: float) -> None:
    doc, snapshot = document(tag)
    with HistoryStore(db) as store:
        while time.time() < start:
            time.sleep(0.005)
        for _ in range(count):
            store.record(doc, snapshot, target=tag)
            time.sleep(0.2)  # a real scheduler does other work between scans; lets the other writer in


if __name__ == "__main__":
    if sys.argv[2] == "hang":
        hang(sys.argv[1], sys.argv[3])
    else:
        many(sys.argv[1], int(sys.argv[3]), sys.argv[4], float(sys.argv[5]))
