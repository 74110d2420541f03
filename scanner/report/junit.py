"""`junit.xml`: one test case per (rule, resource) for the test tabs of Azure DevOps and GitHub.

A test suite per rule; `fail` is a <failure>, `error` an <error>, `unknown` a <skipped> with the
reason the evidence was missing, `waived` a <skipped> naming the waiver, `pass` a plain test case.
No timestamps and `time="0"` throughout, so the same results give the same bytes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: Any) -> str:
    """Text XML 1.0 can hold: control characters (from attacker-controlled names) are replaced."""
    return _INVALID_XML.sub("\ufffd", str(value if value is not None else ""))


def _evidence_text(result: dict[str, Any]) -> str:
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


def build(document: dict[str, Any]) -> ET.Element:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for result in document["results"]:
        by_rule.setdefault(result["rule_id"], []).append(result)
    root = ET.Element("testsuites", name=_clean(f"{document['scanner']['name']} {document['policy_bundle']['name']} {document['policy_bundle']['version']}"))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for rule_id in sorted(by_rule):
        results = by_rule[rule_id]
        counts = {
            "tests": len(results),
            "failures": sum(r["status"] == "fail" for r in results),
            "errors": sum(r["status"] == "error" for r in results),
            "skipped": sum(r["status"] in ("unknown", "waived") for r in results),
        }
        suite = ET.SubElement(root, "testsuite", name=_clean(f"{rule_id} {results[0]['title']}"), time="0", **{k: str(v) for k, v in counts.items()})
        for result in results:
            case = ET.SubElement(
                suite, "testcase", classname=_clean(rule_id), name=_clean(f"{result['resource_id']}"), time="0"
            )
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
                ET.SubElement(case, "skipped", message=_clean(f"not assessed: {result['message']}"))
            elif status == "waived":
                waiver = result.get("waiver") or {}
                ET.SubElement(case, "skipped", message=_clean(f"waived by {waiver.get('approver', '?')} until {waiver.get('expires', '?')}: {waiver.get('justification', '')}"))
        for key in totals:
            totals[key] += counts[key]
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    return root


def render(document: dict[str, Any]) -> str:
    root = build(document)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
