"""`junit.xml`: one test case per (rule, resource) for the test tabs of Azure DevOps and GitHub.

A test suite per rule; `fail` is a <failure>, `error` an <error>, `unknown` a <skipped> with the
reason the evidence was missing, `waived` a <skipped> naming the waiver, `pass` a plain test case.
Template results carry `file` and `line` on their test case (as pytest writes them), so test tabs
link to the line. The first suite, `amlscan gate`, holds one test case: the gate itself, failed
when the gate failed, with its threshold, the baseline counts and waiver warnings as properties.
No timestamps and `time="0"` throughout, so the same results give the same bytes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from scanner.evaluate.document import Result, ResultsDocument, waiver_warnings

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: Any) -> str:
    """Text XML 1.0 can hold: control characters (from attacker-controlled names) are replaced."""
    return _INVALID_XML.sub("\ufffd", str(value if value is not None else ""))


def _evidence_text(result: Result) -> str:
    lines = [result["message"], "", f"Resource: {result['resource_id']}", f"Workspace: {result['workspace_id']}"]
    for e in result.get("evidence") or []:
        lines.append(f"Evidence: {e.get('path')}: found {json.dumps(e.get('found'), sort_keys=True)}, expected {json.dumps(e.get('expected'), sort_keys=True)}")
    controls = "; ".join(f"{fw.upper()} {', '.join(cs)}" for fw, cs in sorted((result.get("frameworks") or {}).items()))
    if controls:
        lines.append(f"Controls: {controls}")
    remediation = (result.get("remediation") or {}).get("text")
    if remediation:
        lines.append(f"Remediation: {remediation}")
    return "\n".join(lines)


def build(document: ResultsDocument) -> ET.Element:
    by_rule: dict[str, list[Result]] = {}
    for result in document["results"]:
        by_rule.setdefault(result["rule_id"], []).append(result)
    root = ET.Element("testsuites", name=_clean(f"{document['scanner']['name']} {document['policy_bundle']['name']} {document['policy_bundle']['version']}"))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if "gate" in document:
        counts = _gate_suite(root, document)
        for key in totals:
            totals[key] += counts[key]
    for rule_id in sorted(by_rule):
        results = by_rule[rule_id]
        counts = {
            "tests": len(results),
            "failures": sum(r["status"] == "fail" for r in results),
            "errors": sum(r["status"] == "error" for r in results),
            "skipped": sum(r["status"] in ("unknown", "waived") for r in results),
        }
        suite = ET.SubElement(root, "testsuite", {"name": _clean(f"{rule_id} {results[0]['title']}"), "time": "0", **{k: str(v) for k, v in counts.items()}})
        for result in results:
            where = result.get("location")
            extra = {"file": _clean(where["file"]), "line": str(int(where["line"]))} if where else {}
            case = ET.SubElement(suite, "testcase", {"classname": _clean(rule_id), "name": _clean(f"{result['resource_id']}"), "time": "0", **extra})
            status = result["status"]
            props = ET.SubElement(case, "properties")  # first, as pytest writes it
            for name, value in (("severity", result["severity"]), ("status", status), ("workspace_id", result["workspace_id"])):
                ET.SubElement(props, "property", name=name, value=_clean(value))
            if status == "fail":
                node = ET.SubElement(case, "failure", message=_clean(result["message"]), type=_clean(result["severity"]))
                node.text = _clean(_evidence_text(result))
            elif status == "error":
                node = ET.SubElement(case, "error", message=_clean(result["message"]), type="error")
                node.text = _clean(_evidence_text(result))
            elif status == "unknown":
                ET.SubElement(case, "skipped", message=_clean(f"unknown (evidence missing, not assessed): {result['message']}"))
            elif status == "waived":
                waiver: Mapping[str, Any] = result.get("waiver") or {}
                ET.SubElement(case, "skipped", message=_clean(f"waived by {waiver.get('approver', '?')} until {waiver.get('expires', '?')}: {waiver.get('justification', '')}"))
        for key in totals:
            totals[key] += counts[key]
    for key, total in totals.items():
        root.set(key, str(total))
    root.set("time", "0")
    return root


def _gate_suite(root: ET.Element, document: ResultsDocument) -> dict[str, int]:
    """The gate as a test case: the test tab says whether the scan passed, and why."""
    from scanner.gate.verdict import describe

    gate = document["gate"]
    failed = gate["verdict"] == "failed"
    errored = gate["verdict"] == "incomplete"
    counts = {"tests": 1, "failures": int(failed), "errors": int(errored), "skipped": 0}
    suite = ET.SubElement(root, "testsuite", {"name": "amlscan gate", "time": "0", **{k: str(v) for k, v in counts.items()}})
    case = ET.SubElement(suite, "testcase", classname="amlscan.gate", name=_clean(f"gate (--fail-on {gate['fail_on']})"), time="0")
    props = ET.SubElement(case, "properties")
    values = [("verdict", gate["verdict"]), ("fail_on", gate["fail_on"]), ("fail_on_unknown", str(bool(gate.get("fail_on_unknown"))).lower()),
              ("failing", str(gate["failing"]))]
    baseline = document.get("baseline")
    if baseline:
        values += [("baseline", baseline["path"]), ("new", str(baseline["new"])), ("unchanged", str(baseline.get("unchanged", 0))), ("fixed", str(baseline.get("fixed", 0)))]
    warnings = waiver_warnings(document)
    values += [("waiver_warning", w["message"]) for w in warnings]
    for name, value in values:
        ET.SubElement(props, "property", name=name, value=_clean(value))
    text = describe(gate)
    if failed:
        ET.SubElement(case, "failure", message=_clean(text), type="gate").text = _clean(text)
    elif errored:
        ET.SubElement(case, "error", message=_clean(text), type="gate").text = _clean(text)
    if warnings:
        ET.SubElement(case, "system-out").text = _clean("\n".join(f"warning: {w['message']}" for w in warnings))
    return counts


def render(document: ResultsDocument) -> str:
    root = build(document)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
