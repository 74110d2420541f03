"""One scan: snapshot + policy bundle (+ parameters) -> the results document.

The results document is what every report is rendered from, so a report can also be rebuilt from
a saved `results.json` alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scanner import SCANNER_NAME, __version__
from scanner.evaluate.catalog import PolicyBundle, Rule
from scanner.evaluate.document import DataDocument, ResultsDocument, RuleEntry
from scanner.evaluate.results import sort_key, summarize
from scanner.evaluate.run import evaluate_workspaces
from scanner.snapshot.load import Snapshot

if TYPE_CHECKING:
    from scanner.evaluate.interface import Evaluator

RESULTS_SCHEMA_VERSION = "1"


def rule_catalog_entry(rule: Rule) -> RuleEntry:
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "description": rule.description,
        "severity": rule.severity,
        "resource_type": rule.resource_type,
        "frameworks": rule.frameworks,
        "remediation": rule.remediation,
        "references": rule.references,
        "path": rule.path,
    }


def run_scan(
    snapshot: Snapshot,
    bundle: PolicyBundle,
    params: dict[str, Any] | None = None,
    workers: int | None = None,
    configuration: dict[str, str | None] | None = None,
    evaluate: Evaluator | None = None,
) -> ResultsDocument:
    """The results document of `bundle` on `snapshot`; `configuration` names the amlscan.yaml used
    (path and sha256); `evaluate` is the engine's evaluator (default: the embedded engine)."""
    data: DataDocument = {"params": params or {}}
    results = sorted((evaluate or evaluate_workspaces)(bundle, snapshot.data, data, workers), key=sort_key)
    document: ResultsDocument = {
        "schema_version": RESULTS_SCHEMA_VERSION,
        "scanner": {"name": SCANNER_NAME, "version": __version__},
        "policy_bundle": {"name": bundle.name, "version": bundle.version, "sha256": bundle.sha256, "rules": len(bundle.rules)},
        "snapshot": {
            "path": snapshot.path,
            "sha256": snapshot.sha256,
            "schema_version": snapshot.data.get("schema_version"),
            "collected_at": snapshot.data.get("collected_at"),
            "source": snapshot.data.get("source", {}),
            "tenant_id": snapshot.data.get("tenant_id"),
        },
        "summary": summarize(results, bundle.rules, len(snapshot.workspaces)),
        "rules": [rule_catalog_entry(rule) for rule in bundle.rules],
        "results": results,
    }
    if configuration:
        document["configuration"] = configuration
    return document
