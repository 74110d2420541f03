"""Waivers as a user meets them: a typo is refused, a waiver that waives nothing or has expired is
a warning on stderr and in every report format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.gate.helpers import DEFAULTS, config, run
from tests.report.conftest import trestle_available

ALL = "sarif,html,json,junit,csv,md" + (",oscal" if trestle_available() else "")


@pytest.mark.parametrize("rule", ["AML-KV-03", "AML-XYZ-*"])
def test_waiver_naming_no_rule_is_a_usage_error_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str], rule: str) -> None:
    cfg = config(tmp_path, "waivers:\n  - {rule: AML-NET-001, resource: '*', justification: accepted for the pilot, approver: a, expires: '2099-01-01'}\n"
                           f"  - {{rule: '{rule}', resource: '*', justification: accepted for the pilot, approver: a, expires: '2099-01-01'}}\n")
    got = run(capsys, tmp_path / "out", str(DEFAULTS), "--config", str(cfg))
    assert got.code == 2 and not (tmp_path / "out").exists()
    assert got.err.count("\n") == 1 and "$.waivers[1].rule" in got.err and rule in got.err and "amlscan rules" in got.err


def test_a_glob_matching_real_rules_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "waivers:\n  - {rule: 'AML-NET-*', resource: '*', justification: accepted for the pilot, approver: a, expires: '2099-01-01'}\n")
    got = run(capsys, tmp_path / "out", str(DEFAULTS), "--config", str(cfg), "--fail-on", "none")
    assert got.code == 0 and got.results()["waivers"]["applied"] >= 1


def test_unmatched_and_expired_waivers_warn_on_stderr_and_in_every_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, """waivers:
  - {rule: AML-NET-001, resource: '*/workspaces/mlw-campaign-sandbox', justification: private link planned for Q1, approver: ciso, expires: '2026-01-31'}
  - {rule: AML-ENC-001, resource: '*/workspaces/no-such-workspace', justification: replaced next quarter, approver: ciso, expires: '2099-01-01'}
  - {rule: AML-ACR-003, resource: '*', justification: anonymous pull is off anyway, approver: ciso, expires: '2099-01-01'}
  - {rule: AML-STG-002, resource: '*', justification: legacy clients until the migration, approver: ciso, expires: '2099-01-01'}
""")
    got = run(capsys, tmp_path / "out", str(DEFAULTS), "--config", str(cfg), "--as-of", "2026-06-01", "--format", ALL, "--fail-on", "none")
    assert got.code == 0
    warnings = got.results()["waivers"]["warnings"]
    assert [(w["waiver"], w["kind"]) for w in warnings] == [("$.waivers[0]", "expired"), ("$.waivers[1]", "unmatched"), ("$.waivers[2]", "unmatched")]
    assert "matches no result" in warnings[1]["message"] and "matches only results that pass" in warnings[2]["message"]
    # stderr: one warning line each; the valid waiver (index 3) is silent
    lines = [line for line in got.err.splitlines() if line.startswith("amlscan: warning: waiver")]
    assert [line.split()[3] for line in lines] == ["$.waivers[0]", "$.waivers[1]", "$.waivers[2]"]
    messages = [w["message"] for w in warnings]
    assert "3 warning(s)" in got.out  # the terminal summary counts them
    md = got.text("summary.md")
    from scanner.report.markdown_summary import md as escaped

    assert all(f"- warning: {escaped(m)}" in md for m in messages)
    html = got.text("report.html")
    assert 'id="waiver-warnings"' in html and all(m.replace("'", "&#x27;") in html for m in messages)
    sarif = json.loads(got.text("amlscan.sarif"))
    assert sarif["runs"][0]["properties"]["waiverWarnings"] == messages
    gate_case = ET.fromstring(got.text("junit.xml")).find("testsuite/testcase")
    assert [p.get("value") for p in gate_case.findall("properties/property") if p.get("name") == "waiver_warning"] == messages
    rows = [r for r in csv.DictReader(io.StringIO(got.text("findings.csv"))) if r["status"] == "warning"]
    assert [r["message"] for r in rows] == messages and rows[0]["waiver_expired"] == "true"
    if trestle_available():
        oscal = json.loads(got.text("oscal-assessment-results.json"))
        remarks = oscal["assessment-results"]["results"][0]["remarks"]
        assert all(m in remarks for m in messages)
