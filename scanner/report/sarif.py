"""`amlscan.sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Only failing results are emitted: code scanning turns every SARIF result into an alert, and an
alert must be something to fix. Passes, unknowns and waivers stay in results.json and the HTML.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from scanner.evaluate.document import Result, ResultsDocument, RuleEntry, baseline_absent, waiver_warnings
from scanner.fileio import iter_stable
from scanner.report import locations
from scanner.report.locations import PointsAt
from scanner.vocabulary import SEVERITIES

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub reads properties.security-severity (0.1-10) to rank alerts: >= 9 critical, >= 7 high,
# >= 4 medium, below that low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}

# GitHub code scanning accepts at most 25,000 results per run (and shows the 5,000 most severe).
# Beyond it the run keeps the most severe 25,000 (critical, high, medium, low; ties in report order)
# and counts the rest in properties.omittedResults; results.json and the HTML keep every result.
MAX_RESULTS_PER_RUN = 25_000
# GitHub refuses a SARIF upload over 10 MB gzipped. Beyond this many bytes (gzipped as upload
# tools do) the run keeps the most severe results that fit, by the same order as above, and counts
# the rest in properties.omittedResults (docs/reports.md#limits).
MAX_GZIP_BYTES = 9_000_000


def fingerprint(rule_id: str, resource_id: str) -> str:
    """Stable across runs and line moves: what is wrong (rule) and where (resource)."""
    return hashlib.sha256(f"{rule_id}|{resource_id.lower()}".encode()).hexdigest()[:32]


# Where results point (IaC file and line, mapped to .bicep where possible, or the snapshot file):
# shared with results.json, the terminal and the other reports (scanner/report/locations.py).
artifact_uri = locations.artifact_uri
snapshot_locator = locations.snapshot_locator


def _rule_descriptor(rule: RuleEntry) -> dict[str, Any]:
    remediation = rule["remediation"]
    markdown = [f"**{rule['title']}**", "", rule["description"], "", "**Remediation**", "", remediation.get("text", "")]
    text = [rule["description"], "", "Remediation: " + remediation.get("text", "")]
    if remediation.get("cli"):
        markdown += ["", "```sh", remediation["cli"], "```"]
        text += ["", remediation["cli"]]
    if remediation.get("bicep"):
        markdown += ["", "```bicep", remediation["bicep"], "```"]
    controls = [f"{fw.upper()} {c}" for fw, cs in rule["frameworks"].items() for c in cs]
    if controls:
        markdown += ["", "**Controls**: " + ", ".join(controls)]
        text += ["", "Controls: " + ", ".join(controls)]
    docs = rule["references"].get("docs", [])
    descriptor: dict[str, Any] = {
        "id": rule["id"],
        "name": rule["name"],
        "shortDescription": {"text": rule["title"]},
        "fullDescription": {"text": rule["description"]},
        "help": {"text": "\n".join(text), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVEL[rule["severity"]]},
        "properties": {
            "tags": sorted({"security", "compliance", *rule["frameworks"].keys(), rule["resource_type"].split("/")[0].lower()}),
            "security-severity": SECURITY_SEVERITY[rule["severity"]],
            "precision": "high",
            "problem.severity": {"critical": "error", "high": "error", "medium": "warning", "low": "recommendation"}[rule["severity"]],
            "frameworks": rule["frameworks"],
        },
    }
    if docs:
        descriptor["helpUri"] = docs[0]
    return descriptor


def build(document: ResultsDocument, locate: Callable[[Result], PointsAt]) -> dict[str, Any]:
    rules = document["rules"]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []  # SARIF result objects
    absent = baseline_absent(document)  # --baseline: fixed since the baseline
    for result in [*document["results"], *absent]:
        if result["status"] != "fail" or result["rule_id"] not in index:  # waived results stay out
            continue
        uri, line, end, *rest = locate(result)  # a locator may leave the note out
        note = rest[0] if rest else None
        region: dict[str, Any] = {"startLine": line}
        if end and end > line:
            region["endLine"] = end
        results.append(
            {
                "ruleId": result["rule_id"],
                "ruleIndex": index[result["rule_id"]],
                "level": LEVEL[result["severity"]],
                "message": {"text": f"{result['message']} ({result['resource_id']})"},
                "locations": [
                    {
                        "physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "region": region},
                        "logicalLocations": [{"fullyQualifiedName": result["resource_id"], "kind": "resource"}],
                    }
                ],
                "partialFingerprints": {"amlscanFinding/v1": fingerprint(result["rule_id"], result["resource_id"])},
                "properties": {
                    "severity": result["severity"],
                    "workspaceId": result["workspace_id"],
                    "resourceType": result["resource_type"],
                    "frameworks": result["frameworks"],
                    "evidence": result["evidence"],
                },
            }
        )
        if note:  # compiled Bicep that could not be mapped to its source: say so on the alert
            results[-1]["properties"]["locationNote"] = note
        if "baseline_state" in result:
            results[-1]["baselineState"] = result["baseline_state"]
            if result["baseline_state"] == "absent":  # no longer found: not an alert
                results[-1].update(kind="pass", level="none")
    omitted = max(0, len(results) - MAX_RESULTS_PER_RUN)
    if omitted:
        results = _most_severe(results, MAX_RESULTS_PER_RUN)
    source_kind = document["snapshot"].get("source", {}).get("kind", "snapshot")
    sarif: dict[str, Any] = {  # SARIF 2.1.0, an external format: JSON as its schema defines it
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": document["scanner"]["name"],
                        "version": document["scanner"]["version"],
                        "semanticVersion": document["scanner"]["version"],
                        "rules": [_rule_descriptor(rule) for rule in rules],
                        "properties": {"policyBundle": document["policy_bundle"]},
                    }
                },
                "automationDetails": {"id": f"amlscan/{source_kind}/"},
                "columnKind": "utf16CodeUnits",
                "results": results,
                "properties": run_properties(document),
            }
        ],
    }
    if omitted:
        sarif["runs"][0]["properties"]["omittedResults"] = omitted
    return sarif


def _most_severe(results: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The `count` most severe results (alerts before fixed ones, ties in report order), in report order."""
    order = sorted(range(len(results)), key=lambda i: (results[i].get("kind") == "pass", SEVERITIES.index(results[i]["properties"]["severity"]), i))
    return [results[i] for i in sorted(order[:count])]


def _gzip_size(pieces: Iterator[str]) -> int:
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # gzip framing, default level
    size = 0
    for piece in pieces:
        size += len(packer.compress(piece.encode("utf-8")))
    return size + len(packer.flush())


def _within_upload_limit(sarif: dict[str, Any]) -> dict[str, Any]:
    """`sarif` with results dropped (least severe first) until it is under MAX_GZIP_BYTES gzipped."""
    run = sarif["runs"][0]
    size = _gzip_size(iter_stable(sarif, depth=5))
    while size > MAX_GZIP_BYTES and run["results"]:
        results = run["results"]
        keep = min(len(results) - 1, int(len(results) * MAX_GZIP_BYTES / size * 0.95))
        run["results"] = _most_severe(results, max(0, keep))
        run["properties"]["omittedResults"] = run["properties"].get("omittedResults", 0) + len(results) - len(run["results"])
        run["properties"]["omittedReason"] = f"over {MAX_GZIP_BYTES:,} bytes gzipped (GitHub's upload limit is 10 MB)"
        size = _gzip_size(iter_stable(sarif, depth=5))
    return sarif


def run_properties(document: ResultsDocument) -> dict[str, Any]:
    """The run's own facts: the gate's verdict, baseline counts and waiver warnings, when known."""
    props: dict[str, Any] = {"snapshotSha256": document["snapshot"]["sha256"], "summary": document["summary"]["by_status"]}
    if "gate" in document:
        from scanner.gate.verdict import describe

        props["gate"] = {**document["gate"], "text": describe(document["gate"])}
    baseline = document.get("baseline")
    if baseline:
        props["baseline"] = {"path": baseline["path"], "new": baseline["new"], "unchanged": baseline.get("unchanged", 0), "fixed": baseline.get("fixed", 0)}
    warnings = waiver_warnings(document)
    if warnings:
        props["waiverWarnings"] = [w["message"] for w in warnings]
    return props


def render(document: ResultsDocument, locate: Callable[[Result], PointsAt]) -> str:
    return "".join(render_pieces(document, locate))


def render_pieces(document: ResultsDocument, locate: Callable[[Result], PointsAt]) -> Iterator[str]:
    # Down to each result's fields; their values (locations, properties) one line each.
    return iter_stable(_within_upload_limit(build(document, locate)), depth=5)
