"""The CI gate: which results fail it, and the exit code a finished scan returns."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from scanner.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_RUNTIME, UsageError

SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


def require_workspaces(snapshot: Any) -> None:
    """A scan that judged nothing must not pass the gate: missing evidence is never a pass."""
    if not snapshot.workspaces:
        raise UsageError(
            f"{snapshot.path}: no Azure Machine Learning workspace to judge (an empty snapshot, a scope that "
            "matched nothing, or IaC that declares no workspace): nothing was scanned"
        )


def gate_failures(document: dict[str, Any], fail_on: str, fail_on_unknown: bool) -> list[dict[str, Any]]:
    if fail_on == "none":
        return []
    threshold = SEVERITY_RANK[fail_on]
    statuses = {"fail", "unknown"} if fail_on_unknown else {"fail"}
    return [r for r in document["results"] if r["status"] in statuses and SEVERITY_RANK[r["severity"]] >= threshold]


def conclude(
    document: dict[str, Any],
    written: list[Path],
    fail_on: str,
    fail_on_unknown: bool,
    quiet: bool,
    label: str = "",
    only_new: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] = lambda results: results,
) -> int:
    """Print the summary of a finished scan and return its exit code.

    Errors win over the gate: a scan that could not evaluate everything is incomplete evidence,
    whatever the rest says. `only_new` narrows the gate to results new against a baseline.
    """
    prefix = f"amlscan: [{label}] " if label else "amlscan: "
    by_status = document["summary"]["by_status"]
    failures = only_new(gate_failures(document, fail_on, fail_on_unknown))
    if not quiet:
        counts = ", ".join(f"{by_status[s]} {s}" for s in ("fail", "unknown", "error", "waived", "pass"))
        print(f"{prefix}{document['summary']['workspaces']} workspace(s), {document['summary']['rules']} rules: {counts}", file=sys.stderr)
        for path in written:
            print(f"{prefix}wrote {Path(path).as_posix()}", file=sys.stderr)
    if by_status["error"]:
        print(f"{prefix}{by_status['error']} result(s) could not be evaluated (status error); see the reports", file=sys.stderr)
        return EXIT_RUNTIME
    if failures:
        if not quiet:
            print(f"{prefix}gate failed: {len(failures)} result(s) at or above '{fail_on}'", file=sys.stderr)
        return EXIT_GATE_FAILED
    return EXIT_OK
