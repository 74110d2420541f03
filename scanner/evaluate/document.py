"""The results document as types: what a scan produces, every report renders and the history records.

scanner/schemas/results-v1.schema.json is the public contract (field names, required keys);
these types say the same to the type checker, so a report that reads a field the document does
not have, or a step that writes one with the wrong shape, fails `mypy` rather than a customer's
pipeline. The document is built by scanner/evaluate/scan.py (`run_scan`), then completed in
place by the gate (waivers, baseline, attestations, verdict), the history (trend) and the
report's IaC locations, in that order (scanner/pipeline.py).

Where `Any` stays, and why: an evidence value (`found`, `expected`) is whatever JSON the rule
pointed at in the snapshot, or what it expected there, of any shape.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Evidence(TypedDict):
    path: str  # where in the resource, e.g. properties.publicNetworkAccess
    found: Any  # the snapshot's value at `path` (JSON of any shape; capped, results.cap_value)
    expected: Any  # what the rule wanted there


class ResultWaiver(TypedDict):
    justification: str
    approver: str
    expires: str  # YYYY-MM-DD
    expired: bool


class Location(TypedDict, total=False):
    """Where an infrastructure-code resource is declared (results of templates and plans)."""

    file: str
    line: int
    end_line: int
    compiled: str  # file:line of the compiled ARM template when `file` is the Bicep source
    note: str  # why a Bicep line could not be found


class _ResultFields(TypedDict):
    rule_id: str
    title: str
    severity: str  # scanner.vocabulary.SEVERITIES
    status: str  # scanner.vocabulary.STATUSES
    resource_id: str
    resource_type: str
    workspace_id: str
    frameworks: dict[str, list[str]]  # framework -> control ids
    evidence: list[Evidence]
    message: str
    references: dict[str, list[str]]  # scanner.evaluate.catalog.REFERENCE_KINDS -> ids or URLs


class Result(_ResultFields, total=False):
    """One verdict of one rule on one resource of one workspace."""

    remediation: dict[str, str]  # text, and cli / bicep / terraform / portal (always written; optional in the schema)
    waiver: ResultWaiver  # a waiver matched it (scanner/gate/waivers.py)
    baseline_state: str  # new | unchanged | absent, with --baseline (scanner/gate/baseline.py)
    location: Location  # infrastructure code (scanner/report/locations.py)


class RuleEntry(TypedDict):
    """A rule of the policy bundle as the document lists it (`rules`)."""

    id: str
    name: str
    title: str
    description: str
    severity: str
    resource_type: str
    frameworks: dict[str, list[str]]
    remediation: dict[str, str]
    references: dict[str, list[str]]
    path: str


class _SummaryCounts(TypedDict):
    total: int
    workspaces: int
    rules: int
    by_status: dict[str, int]  # every status of STATUSES, in that order
    by_severity: dict[str, dict[str, int]]  # every severity, then every status


class Summary(_SummaryCounts, total=False):
    gate: str  # the gate's verdict, beside the counts


class _GateFields(TypedDict):
    verdict: str  # scanner.vocabulary.GATE_VERDICTS
    fail_on: str
    fail_on_unknown: bool
    failing: int


class Gate(_GateFields, total=False):
    counted: str  # "new": with a baseline only new results count
    unchanged: int
    errors: int


class WaiverWarning(TypedDict):
    waiver: str  # where it is in the configuration, e.g. $.waivers[2]
    rule: str
    resource: str
    expires: str
    kind: str  # expired | unmatched
    message: str


class Waivers(TypedDict):
    as_of: str
    configured: int
    applied: int
    expired: int
    warnings: list[WaiverWarning]


class Baseline(TypedDict):
    path: str
    sha256: str
    new: int
    unchanged: int
    fixed: int
    absent: list[Result]


class _Attestation(TypedDict):
    framework: str
    control: str
    status: str  # pass | fail
    evidence: str
    reviewer: str
    date: str
    expires: str
    expired: bool


class Attestation(_Attestation, total=False):
    note: str


class Attestations(TypedDict):
    path: str
    sha256: str
    as_of: str
    items: list[Attestation]


class Trend(TypedDict):
    previous_scan: int
    previous_scan_id: str
    previous_collected_at: str | None
    previous_recorded_at: str | None
    new: int
    resolved: int
    changed: int
    by_status_delta: dict[str, int]


class ScanFacts(TypedDict, total=False):
    """`scan`: an infrastructure-code scan's inputs and date (scanner/report/scope.py)."""

    input: str
    kind: str
    files: list[str]
    date: str
    date_source: str


class _DocumentFields(TypedDict):
    schema_version: str
    scanner: dict[str, str]  # name, version
    policy_bundle: dict[str, Any]  # name, version, sha256 (str) and rules (int)
    snapshot: dict[str, Any]  # path, sha256, schema_version, collected_at, source (object), tenant_id
    summary: Summary
    rules: list[RuleEntry]
    results: list[Result]


class ResultsDocument(_DocumentFields, total=False):
    """results.json (format v1), and what every report is rendered from."""

    configuration: dict[str, str | None]  # path, sha256 of amlscan.yaml
    gate: Gate
    waivers: Waivers
    baseline: Baseline
    attestations: Attestations
    trend: Trend
    scan: ScanFacts


class DataDocument(TypedDict):
    """What the policies read as `data.amlscan`: the rule parameters (amlscan.yaml `parameters`)."""

    params: dict[str, Any]  # validated by scanner/schemas/config/parameters.schema.json


# The optional parts of a document, read the same way by every report: absent means none.


def waiver_warnings(document: ResultsDocument) -> list[WaiverWarning]:
    """Expired waivers and waivers that waive nothing (empty without waivers)."""
    waivers = document.get("waivers")
    return (waivers.get("warnings") or []) if waivers else []


def attestation_items(document: ResultsDocument) -> list[Attestation]:
    attestations = document.get("attestations")
    return (attestations.get("items") or []) if attestations else []


def baseline_absent(document: ResultsDocument) -> list[Result]:
    """With --baseline: the baseline's findings that are gone now."""
    baseline = document.get("baseline")
    return (baseline.get("absent") or []) if baseline else []
