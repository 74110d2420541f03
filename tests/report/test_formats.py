"""The auditor formats: junit.xml, findings.csv, summary.md, oscal-assessment-results.json, report.html."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.errors import UsageError
from scanner.report import csv_report, html, junit, markdown_summary
from scanner.report.html_assets import CSP, SCRIPT, STYLE, _hash
from scanner.report.outputs import FORMATS, parse_formats
from tests.conftest import FIXTURES
from tests.report.conftest import ALL_FORMATS, load_document, scan_to, trestle_available, with_waivers

FIXED_NAMES = {
    "sarif": "amlscan.sarif", "html": "report.html", "json": "results.json", "junit": "junit.xml",
    "csv": "findings.csv", "md": "summary.md", "oscal": "oscal-assessment-results.json",
}


def test_format_registry_has_fixed_names() -> None:
    assert {name: fmt.filename for name, fmt in FORMATS.items()} == FIXED_NAMES
    assert parse_formats(ALL_FORMATS) == list(FIXED_NAMES)
    with pytest.raises(UsageError, match="unknown format pdf"):
        parse_formats("html,pdf")


@pytest.mark.parametrize("fixture", [p.stem for p in sorted(FIXTURES.glob("*.json"))])
def test_same_snapshot_gives_byte_identical_outputs(tmp_path: Path, fixture: str) -> None:
    formats = ALL_FORMATS if trestle_available() else ALL_FORMATS.replace(",oscal", "")
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert scan_to(out, FIXTURES / f"{fixture}.json", "--bundle", str(out / "bundle.zip"), formats=formats) in (0, 1)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted([*(FIXED_NAMES[f] for f in formats.split(",")), "bundle.zip"])
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between two runs"


def test_junit_counts_and_kinds(fixture_outputs: dict[str, Path]) -> None:
    out = fixture_outputs["mixed-forbidden"]
    document = load_document(out)
    root = ET.parse(out / "junit.xml").getroot()
    by_status = document["summary"]["by_status"]
    assert root.tag == "testsuites"
    gate, *rules = root.findall("testsuite")
    # The first suite is the gate itself: one test case, failed as the gate failed (issue 16).
    assert gate.get("name") == "amlscan gate" and document["gate"]["verdict"] == "failed"
    (case,) = gate.findall("testcase")
    assert case.find("failure").get("message") == "failed: 54 failing result(s) at or above low"
    assert {p.get("name"): p.get("value") for p in case.findall("properties/property")}["fail_on"] == "low"
    assert int(root.get("tests")) == document["summary"]["total"] + 1 == len(root.findall("testsuite/testcase"))
    assert int(root.get("failures")) == by_status["fail"] + 1 == len(root.findall("testsuite/testcase/failure"))
    assert int(root.get("skipped")) == by_status["unknown"] + by_status["waived"]
    skipped = root.findall("testsuite/testcase/skipped")
    assert skipped and all(s.get("message", "").startswith("unknown (evidence missing, not assessed):") for s in skipped)
    assert any("forbidden" in s.get("message", "") for s in skipped)
    assert {s.get("name").split()[0] for s in rules} == {r["rule_id"] for r in document["results"]}


def test_junit_waived_is_skipped_and_control_characters_are_removed(fixture_outputs: dict[str, Path]) -> None:
    document = with_waivers(load_document(fixture_outputs["service-defaults"]))
    document["results"][0]["message"] = "bad\x00name\x1b[31m"
    root = ET.fromstring(junit.render(document).encode())
    messages = [s.get("message") for s in root.iter("skipped")]
    assert any(m.startswith("waived by ciso@example.org until 2027-01-31") for m in messages)
    assert "\x00" not in junit.render(document)


def test_csv_one_row_per_result_with_auditor_columns(fixture_outputs: dict[str, Path]) -> None:
    out = fixture_outputs["mixed-forbidden"]
    document = load_document(out)
    rows = list(csv.DictReader(io.StringIO((out / "findings.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(document["results"])
    for column in ("workspace_name", "rule_id", "severity", "status", "resource_id", "hipaa_controls", "gdpr_controls", "evidence_paths", "waiver_expires", "remediation"):
        assert column in rows[0]
    unknown = [r for r in rows if r["status"] == "unknown"]
    assert unknown and unknown[0]["evidence_paths"].endswith(".status") and unknown[0]["evidence_found"] == '"forbidden"'
    first = document["results"][0]
    assert rows[0]["rule_id"] == first["rule_id"] and rows[0]["hipaa_controls"] == "; ".join(first["frameworks"].get("hipaa", []))


def test_csv_neutralises_spreadsheet_formulas(fixture_outputs: dict[str, Path]) -> None:
    document = with_waivers(load_document(fixture_outputs["service-defaults"]))
    document["results"][0]["workspace_id"] = "/subscriptions/x/workspaces/=HYPERLINK(\"evil.example\")"
    document["results"][0]["message"] = "@SUM(1+1)"
    rows = list(csv.DictReader(io.StringIO(csv_report.render(document))))
    assert rows[0]["workspace_name"] == "'=HYPERLINK(\"evil.example\")"
    assert rows[0]["message"] == "'@SUM(1+1)"
    waived = [r for r in rows if r["status"] == "waived"]
    assert waived[0]["waiver_approver"] == "ciso@example.org" and waived[0]["waiver_expired"] == "false"


def test_markdown_summary_counts_and_escapes(fixture_outputs: dict[str, Path]) -> None:
    out = fixture_outputs["mixed-forbidden"]
    document = load_document(out)
    text = (out / "summary.md").read_text(encoding="utf-8")
    assert text.startswith("## amlscan: gate failed\n")  # the gate's own verdict (issue 16), not the results'
    assert f"**{document['summary']['by_status']['fail']}** fail" in text
    assert "### Unknown (evidence missing, not assessed)" in text and "diagnosticSettings/read" in text
    document["results"][0]["message"] = "<script>alert(1)</script> | `x` [link](http://e)"
    document["results"][0]["status"] = "fail"
    evil = markdown_summary.render(document)
    assert "<script>" not in evil and "&lt;script&gt;" in evil
    row = next(line for line in evil.splitlines() if "alert" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == 5 and "\\|" in row  # still four cells: the pipe in the value is escaped


def test_oscal_validates_with_trestle(fixture_outputs: dict[str, Path]) -> None:
    if not trestle_available():
        pytest.skip("compliance-trestle is not installed (pip install 'amlscan[oscal]')")
    from trestle.oscal.assessment_results import AssessmentResults

    out = fixture_outputs["mixed-forbidden"]
    document = load_document(out)
    data = json.loads((out / "oscal-assessment-results.json").read_text(encoding="utf-8"))
    model = AssessmentResults.model_validate(data["assessment-results"])
    result = model.results[0]
    assert len(result.observations) == len(document["results"])
    observation_ids = {o.uuid for o in result.observations}
    assert result.findings and all(rel.observation_uuid in observation_ids for f in result.findings for rel in f.related_observations)
    states = {f.target.target_id: (f.target.status.state.value if f.target.status else None) for f in result.findings}
    assert all(re.fullmatch(r"(hipaa|gdpr)-[a-z0-9.\-]+", cid) for cid in states)
    assert "not-satisfied" in states.values()
    not_assessed = [f for f in result.findings if any(p.name == "amlscan-status" and p.value == "unknown" for p in f.props)]
    assert not_assessed and all(f.target.status is None for f in not_assessed)
    snapshot_hashes = [h.value for r in model.back_matter.resources for link in (r.rlinks or []) for h in (link.hashes or [])]
    assert document["snapshot"]["sha256"] in snapshot_hashes


def test_oscal_without_the_extra_is_a_clear_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "trestle", None)
    monkeypatch.setitem(sys.modules, "trestle.oscal", None)
    code = main(["scan", str(FIXTURES / "service-defaults.json"), "--output-dir", str(tmp_path), "--format", "html,oscal", "--quiet", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "pip install 'amlscan[oscal]'" in err and err.count("\n") == 1
    assert not (tmp_path / "report.html").exists()  # all formats are rendered before any is written


def test_html_csp_allows_exactly_the_inline_style_and_script() -> None:
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert f"script-src '{_hash(SCRIPT)}'" in CSP and f"style-src '{_hash(STYLE)}'" in CSP


def test_html_sections_and_links(fixture_outputs: dict[str, Path]) -> None:
    page = (fixture_outputs["mixed-forbidden"] / "report.html").read_text(encoding="utf-8")
    for anchor in ("summary", "gate", "controls", "findings", "unknown", "waivers", "workspaces", "facts", "signoff"):
        assert f'id="{anchor}"' in page
    assert page.count("<script>") == 1 and f"<script>{SCRIPT}</script>" in page
    assert ' style="' not in page  # the CSP blocks style attributes
    assert page.count("<svg") == 2
    # Every link into the findings has its target.
    targets = set(re.findall(r'id="(r\d+)"', page))
    links = set(re.findall(r'href="#(r\d+)"', page))
    assert links and links <= targets
    # The forbidden section is a cause, with the permission that was missing.
    assert "Section diagnostic_settings: access forbidden" in page
    assert "microsoft.insights/diagnosticSettings/read" in page
    document = load_document(fixture_outputs["mixed-forbidden"])
    assert document["snapshot"]["sha256"] in page and document["policy_bundle"]["sha256"] in page


def test_html_waivers_active_and_expired(fixture_outputs: dict[str, Path]) -> None:
    page = html.render(with_waivers(load_document(fixture_outputs["service-defaults"])))
    section = page[page.index('id="waivers"'): page.index('id="workspaces"')]
    assert "2 waiver(s), 1 expired" in section
    assert "ciso@example.org" in section and "2027-01-31" in section and "dpo@example.org" in section
    assert "&lt;b&gt;VNet&lt;/b&gt;" in section  # the justification is escaped too
    assert section.index("expired</span>") < section.index("active</span>")  # expired listed first


def test_html_reads_framework_controls_with_manual_items(tmp_path: Path, fixture_outputs: dict[str, Path]) -> None:
    document = load_document(fixture_outputs["service-defaults"])
    rule = document["rules"][0]
    hipaa = rule["frameworks"]["hipaa"][0]
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "hipaa.yaml").write_text(
        "framework: hipaa\ntitle: HIPAA test catalogue\ncontrols:\n"
        f"  - id: '{hipaa}'\n    title: Tested control title\n    description: Plain words.\n    rules: [{rule['id']}]\n"
        "  - id: '164.308(a)(7)'\n    title: Contingency plan\n    rules: []\n    manual:\n      - Show the tested backup restore runbook\n",
        encoding="utf-8",
    )
    page = html.render(document, None, tmp_path)
    assert "HIPAA test catalogue" in page and "Tested control title" in page
    assert "Show the tested backup restore runbook" in page and 'class="badge v-manual"' in page
    assert "policies/frameworks/hipaa.yaml" in page
    # No YAML at all: controls derived from the rules, still a full matrix.
    derived = html.render(document, None, tmp_path / "nowhere")
    assert "derived from rule metadata" in derived and hipaa in derived


def test_export_refuses_newer_results_schema(tmp_path: Path, fixture_outputs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    document = load_document(fixture_outputs["service-defaults"])
    document["schema_version"] = "2"
    results = tmp_path / "results.json"
    results.write_text(json.dumps(document), encoding="utf-8")
    code = main(["export", str(results), "--output", str(tmp_path / "a.zip")])
    err = capsys.readouterr().err
    assert code == 2 and "results schema_version '2' is not supported" in err and err.count("\n") == 1
    assert not (tmp_path / "a.zip").exists()


def test_html_large_scope_matrix_is_a_numbered_grid(fixture_outputs: dict[str, Path]) -> None:
    """Past 3 workspaces the matrix stays a grid (controls x workspaces), in tables of compact numbered columns."""
    import copy

    document = load_document(fixture_outputs["service-defaults"])
    base = document["results"]
    document["results"] = []
    for n in range(12):
        for result in base:
            clone = copy.deepcopy(result)
            for key in ("workspace_id", "resource_id"):
                clone[key] = clone[key].replace("/workspaces/", f"/workspaces/ws{n:02d}-")
            document["results"].append(clone)
    page = html.render(document)
    matrix = page[page.index('id="controls"'): page.index('id="findings"')]
    tables = re.findall(r'<table class="matrix compact".*?</table>', matrix, re.S)
    assert tables, "a compact grid"
    for table in tables:
        heads = re.findall(r'<th class="wsn"[^>]*>(\d+)</th>', table)
        assert heads == [str(n) for n in range(1, 13)]
        for row in re.findall(r"<tr data-control=.*?</tr>", table, re.S):
            assert row.count('class="cell') == 12  # one status per workspace: the rows line up
    assert 'title="ws11-mlw-campaign-sandbox' in matrix
    links = set(re.findall(r'href="#(r\d+)"', page))
    assert links <= set(re.findall(r'id="(r\d+)"', page))
