"""The CI gate: which results fail it, its verdict, and the exit code a finished scan returns.

The verdict is decided before any report is written and kept in `document["gate"]`, so every
report states the gate's own verdict (passed, failed or incomplete), its threshold and, with a
baseline, what it counted:

    {"verdict": "failed", "fail_on": "high", "fail_on_unknown": false,
     "failing": 2, "counted": "new", "unchanged": 5}

`failing` is the number of results that fail the gate; with `--baseline` only new results count
(`counted: "new"`) and `unchanged` says how many failing results the baseline already held.
`incomplete` means some results have status `error`: whatever the rest says, the evidence is
incomplete (exit 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_RUNTIME, UsageError
from scanner.evaluate.document import Gate, Result, ResultsDocument
from scanner.vocabulary import SEVERITY_RANK

if TYPE_CHECKING:
    from scanner.gate.waivers import Waiver
    from scanner.snapshot.load import Snapshot

EXIT_CODES = {"passed": EXIT_OK, "failed": EXIT_GATE_FAILED, "incomplete": EXIT_RUNTIME}


def require_workspaces(snapshot: Snapshot) -> None:
    """A scan that judged nothing must not pass the gate: missing evidence is never a pass."""
    if not snapshot.workspaces:
        raise UsageError(
            f"{snapshot.path}: no Azure Machine Learning workspace to judge (an empty snapshot, a scope that "
            "matched nothing, or IaC that declares no workspace): nothing was scanned"
        )


def gate_failures(document: ResultsDocument, fail_on: str, fail_on_unknown: bool) -> list[Result]:
    """Results at or above the threshold that fail the gate, before a baseline narrows them."""
    if fail_on == "none":
        return []
    threshold = SEVERITY_RANK[fail_on]
    statuses = {"fail", "unknown"} if fail_on_unknown else {"fail"}
    return [r for r in document["results"] if r["status"] in statuses and SEVERITY_RANK[r["severity"]] >= threshold]


def counts_for_gate(result: Result) -> bool:
    """With a baseline only new results fail the gate (without one every result is new)."""
    return result.get("baseline_state", "new") == "new"


def decide(document: ResultsDocument, fail_on: str, fail_on_unknown: bool) -> Gate:
    """Decide the gate and record it in the document (before the reports are rendered)."""
    failures = gate_failures(document, fail_on, fail_on_unknown)
    counted = [r for r in failures if counts_for_gate(r)]
    errors = document["summary"]["by_status"]["error"]
    verdict = "incomplete" if errors else "failed" if counted else "passed"
    gate: Gate = {"verdict": verdict, "fail_on": fail_on, "fail_on_unknown": bool(fail_on_unknown), "failing": len(counted)}
    if "baseline" in document:
        gate["counted"] = "new"
        gate["unchanged"] = len(failures) - len(counted)
    if errors:
        gate["errors"] = errors
    document["gate"] = gate
    document["summary"]["gate"] = verdict  # the verdict beside the counts, for readers of the summary alone
    return gate


def exit_code(document: ResultsDocument) -> int:
    return EXIT_CODES[document["gate"]["verdict"]]


def describe(gate: Gate) -> str:
    """The verdict in one sentence, the same in the terminal and every report."""
    if gate["verdict"] == "incomplete":
        return f"incomplete: {gate.get('errors', 0)} result(s) could not be evaluated (status error)"
    if gate["fail_on"] == "none":
        return "passed: nothing fails the gate with --fail-on none"
    what = "failing or unknown" if gate.get("fail_on_unknown") else "failing"
    new = "new " if gate.get("counted") == "new" else ""
    unchanged = int(gate.get("unchanged", 0))
    tail = f" ({unchanged} unchanged since the baseline do not count)" if unchanged else ""
    if gate["verdict"] == "failed":
        return f"failed: {gate['failing']} {new}{what} result(s) at or above {gate['fail_on']}{tail}"
    return f"passed: no {new}{what} result at or above {gate['fail_on']}{tail}"


def apply_gate_inputs(document: ResultsDocument, waivers: list[Waiver], as_of: str | None, baseline: str | None) -> ResultsDocument:
    """Waivers, then the baseline (so a waived result's state is judged as waived)."""
    from scanner.gate.baseline import apply_baseline
    from scanner.gate.waivers import apply_waivers, parse_as_of

    if waivers:
        apply_waivers(document, waivers, parse_as_of(as_of))
    if baseline:
        apply_baseline(document, baseline)
    return document
