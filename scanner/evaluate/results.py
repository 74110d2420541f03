"""Turn raw rule outputs into results: join metadata, check shape, guarantee a verdict.

The result fields are a public contract (see `scanner/schemas/results-v1.schema.json`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sized
from typing import Any

from scanner.evaluate.catalog import Rule
from scanner.evaluate.document import Evidence, Result, Summary
from scanner.evaluate.outcome import Outcome, Outcomes, RuleFailure
from scanner.vocabulary import RULE_STATUSES, SEVERITIES, STATUSES

# An evidence value (`found`, `expected`) larger than this, as compact JSON, is replaced by a
# string saying how large it was, with its sha256 and its beginning: one hostile tag of 12 MB made
# a SARIF file of 9.1 MB gzipped. docs/reports.md#limits.
EVIDENCE_VALUE_BYTES = 4096
EVIDENCE_PREFIX_CHARS = 512
WORKSPACE_TYPE = "microsoft.machinelearningservices/workspaces"


def make_result(rule: Rule, workspace_id: str, *, status: str, resource_id: str, resource_type: str, message: str, evidence: list[Evidence]) -> Result:
    return {
        "rule_id": rule.id,
        "title": rule.title,
        "severity": rule.severity,
        "status": status,
        "resource_id": resource_id,
        "resource_type": resource_type,
        "workspace_id": workspace_id,
        "frameworks": {name: list(controls) for name, controls in rule.frameworks.items()},
        "evidence": evidence,
        "message": message,
        "remediation": dict(rule.remediation),
        "references": {kind: list(values) for kind, values in rule.references.items()},
    }


def cap_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)) or (isinstance(value, str) and len(value) <= EVIDENCE_VALUE_BYTES // 4):
        return value
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    size = len(text.encode("utf-8"))
    if size <= EVIDENCE_VALUE_BYTES:
        return value
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"<truncated: {size:,} bytes of JSON, sha256 {digest}; begins {text[:EVIDENCE_PREFIX_CHARS]}>"


def cap_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """Evidence with every value over EVIDENCE_VALUE_BYTES replaced (the same list when none is)."""
    out = None
    for i, item in enumerate(evidence):
        found, expected = cap_value(item["found"]), cap_value(item["expected"])
        if found is not item["found"] or expected is not item["expected"]:
            out = list(evidence) if out is None else out
            out[i] = {**item, "found": found, "expected": expected}  # same keys, same order
    return evidence if out is None else out


def _error(rule: Rule, workspace_id: str, message: str) -> Result:
    return make_result(
        rule,
        workspace_id,
        status="error",
        resource_id=workspace_id,
        resource_type=rule.resource_type,
        message=f"Rule {rule.id} ({rule.path}) could not be evaluated on {workspace_id}: {message}",
        evidence=[],
    )


def _shape_problem(raw: Any) -> str | None:
    if not isinstance(raw, dict):
        return f"result is not an object: {raw!r:.120}"
    if raw.get("status") not in RULE_STATUSES:
        return f"result status {raw.get('status')!r} is not one of {', '.join(RULE_STATUSES)}"
    if not isinstance(raw.get("resource_id"), str) or not raw["resource_id"]:
        return "result has no resource_id"
    if not isinstance(raw.get("message"), str):
        return "result has no message"
    evidence = raw.get("evidence")
    if not isinstance(evidence, list) or not all(isinstance(e, dict) and "path" in e and "found" in e and "expected" in e for e in evidence):
        return "result evidence must be a list of {path, found, expected}"
    return None


def rule_results(rule: Rule, workspace_id: str, outcome: Outcome) -> list[Result]:
    """Results of one rule on one workspace; engine and contract failures become `error` results."""
    if isinstance(outcome, RuleFailure):
        return [_error(rule, workspace_id, outcome.message)]
    results: list[Result] = []
    for raw in outcome:
        problem = _shape_problem(raw)
        if problem:
            return [_error(rule, workspace_id, problem)]
        results.append(
            make_result(
                rule,
                workspace_id,
                status=raw["status"],
                resource_id=raw["resource_id"],
                resource_type=str(raw.get("resource_type") or rule.resource_type),
                message=raw["message"] if len(raw["message"]) <= EVIDENCE_VALUE_BYTES else cap_value(raw["message"]),
                evidence=cap_evidence(raw["evidence"]),
            )
        )
    verdicts: dict[str, set[str]] = {}
    for result in results:
        verdicts.setdefault(result["resource_id"].lower(), set()).add(result["status"])
    conflicting = sorted(rid for rid, statuses in verdicts.items() if len(statuses) > 1)
    if conflicting:
        return [_error(rule, workspace_id, f"conflicting verdicts for {conflicting[0]}")]
    if not results and rule.resource_type.lower() == WORKSPACE_TYPE:
        # Silence is never a pass: a workspace rule must judge every workspace.
        return [_error(rule, workspace_id, "the rule gave no verdict for this workspace")]
    return results


def outcome_results(rules: dict[str, Rule], workspace_id: str, outcomes: Outcomes) -> list[Result]:
    """Every rule's results on one workspace from an engine's outcomes (rule package -> outcome),
    the same for every engine (scanner/evaluate/engine.py)."""
    results: list[Result] = []
    for package, outcome in outcomes.items():
        results.extend(rule_results(rules[package], workspace_id, outcome))
    return results


def sort_key(result: Result) -> tuple[str, ...]:
    return (
        result["workspace_id"].lower(),
        result["rule_id"],
        result["resource_id"].lower(),
        result["status"],
        result["message"],
    )


def summarize(results: Iterable[Result], rules: Sized, workspaces: int) -> Summary:
    by_status: dict[str, int] = dict.fromkeys(STATUSES, 0)
    by_severity: dict[str, dict[str, int]] = {sev: dict.fromkeys(STATUSES, 0) for sev in SEVERITIES}
    total = 0
    for result in results:
        total += 1
        by_status[result["status"]] += 1
        by_severity[result["severity"]][result["status"]] += 1
    return {
        "total": total,
        "workspaces": workspaces,
        "rules": len(rules),
        "by_status": by_status,
        "by_severity": by_severity,
    }
