"""`findings.csv`: one row per result, every column an auditor filters on.

Framework columns are one per framework present in the results (`hipaa_controls`,
`gdpr_controls`), multi-valued cells are joined with "; ". A cell that a spreadsheet would take
for a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe:
workspace names and tags are attacker-controlled. RFC 4180 quoting, CRLF line ends, UTF-8 without BOM.
Waiver warnings (a waiver that expired or waives nothing) follow the results as rows with status
`warning`, the waiver's rule and resource pattern, and the warning as message.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from scanner.evaluate.document import Result, ResultsDocument, waiver_warnings
from scanner.report.controls import workspace_name

BASE_COLUMNS = (
    "workspace_name", "workspace_id", "rule_id", "title", "severity", "status", "resource_type", "resource_id",
)
TAIL_COLUMNS = (
    "message", "evidence_paths", "evidence_found", "evidence_expected",
    "waiver_justification", "waiver_approver", "waiver_expires", "waiver_expired",
    "baseline_state", "remediation", "azure_policy", "psrule", "checkov", "docs",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def columns(document: ResultsDocument) -> list[str]:
    frameworks = sorted({fw for r in document["results"] for fw in (r.get("frameworks") or {})} | {fw for rule in document.get("rules", []) for fw in rule.get("frameworks", {})})
    return [*BASE_COLUMNS, *(f"{fw}_controls" for fw in frameworks), *TAIL_COLUMNS]


def row(result: Result, names: list[str]) -> dict[str, str]:
    evidence = result.get("evidence") or []
    waiver: Mapping[str, Any] = result.get("waiver") or {}
    refs = result.get("references") or {}
    values: dict[str, Any] = {
        "workspace_name": workspace_name(result["workspace_id"]),
        **{key: result.get(key) for key in BASE_COLUMNS[1:]},
        "message": result.get("message"),
        "evidence_paths": "; ".join(str(e.get("path")) for e in evidence),
        "evidence_found": "; ".join(json.dumps(e.get("found"), sort_keys=True, ensure_ascii=False) for e in evidence),
        "evidence_expected": "; ".join(json.dumps(e.get("expected"), sort_keys=True, ensure_ascii=False) for e in evidence),
        "waiver_justification": waiver.get("justification"),
        "waiver_approver": waiver.get("approver"),
        "waiver_expires": waiver.get("expires"),
        "waiver_expired": ("true" if waiver.get("expired") else "false") if waiver else "",
        "baseline_state": result.get("baseline_state"),
        "remediation": (result.get("remediation") or {}).get("text"),
        **{kind: "; ".join(refs.get(kind, [])) for kind in ("azure_policy", "psrule", "checkov", "docs")},
    }
    for name in names:
        if name.endswith("_controls"):
            values[name] = "; ".join((result.get("frameworks") or {}).get(name[: -len("_controls")], []))
    return {name: _cell(values.get(name)) for name in names}


def render(document: ResultsDocument) -> str:
    names = columns(document)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    for result in document["results"]:
        writer.writerow(row(result, names))
    for warning in waiver_warnings(document):
        writer.writerow({name: _cell(value) for name, value in {
            "rule_id": warning["rule"], "resource_id": warning["resource"], "status": "warning", "message": warning["message"],
            "waiver_expires": warning["expires"], "waiver_expired": "true" if warning["kind"] == "expired" else "false",
        }.items()})
    return out.getvalue()
