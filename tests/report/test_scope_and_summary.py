"""The auditor's first page: the verdict, compliance per framework, the top failing controls and
rules, the scope and the date; template and plan scans say what was scanned and when, never the
placeholder time of their snapshots."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scanner.report.controls import framework_stats, frameworks_for, percent, results_index, workspace_ids
from tests.gate.helpers import IAC, MIXED, TEMPLATE, run


@pytest.mark.parametrize("formats", ["html,md,json" + ",oscal"])
def test_template_scan_dates_come_from_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], formats: str) -> None:
    from tests.report.conftest import trestle_available

    formats = formats if trestle_available() else "html,md,json"
    undated = run(capsys, tmp_path / "undated", *TEMPLATE, "--format", formats)
    dated = run(capsys, tmp_path / "dated", *TEMPLATE, "--format", formats, "--as-of", "2026-11-27")
    for got in (undated, dated):
        for name in ("report.html", "summary.md"):
            assert "1970" not in got.text(name), name
        assert got.results()["scan"]["files"] == ["fixtures/iac/default-workspace.json"]
    assert "scan date not given (infrastructure code carries none: pass --as-of YYYY-MM-DD)" in undated.text("summary.md")
    assert "scanned 2026-11-27 (--as-of)" in dated.text("summary.md") and "scanned 2026-11-27 (--as-of)" in dated.text("report.html")
    assert "ARM template fixtures/iac/default-workspace.json" in dated.text("summary.md")
    assert dated.results()["scan"] | {"files": None} == {"input": "fixtures/iac/default-workspace.json", "kind": "arm-template", "files": None,
                                                       "date": "2026-11-27", "date_source": "--as-of"}
    if (dated.folder / "oscal-assessment-results.json").is_file():
        oscal = json.loads(dated.text("oscal-assessment-results.json"))["assessment-results"]
        assert oscal["results"][0]["start"].startswith("2026-11-27T00:00:00")


def test_a_plan_is_dated_by_its_own_timestamp(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = json.loads((IAC / "default-workspace.tfplan.json").read_text(encoding="utf-8"))
    plan["timestamp"] = "2026-11-26T14:03:11Z"
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    got = run(capsys, tmp_path / "out", "--plan", str(tmp_path / "plan.json"), "--format", "md,json")
    assert got.results()["scan"]["date_source"] == "the plan's timestamp"
    assert "scanned 2026-11-26T14:03:11Z (the plan's timestamp)" in got.text("summary.md")


def test_executive_summary_numbers_are_the_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, tmp_path / "out", str(MIXED), "--format", "html,json")
    document, html = got.results(), got.text("report.html")
    summary = html[html.index('id="summary"'): html.index('id="controls"')]
    assert '<div class="big">Gate failed</div>' in summary
    frameworks = frameworks_for(document)
    workspaces, index = workspace_ids(document), results_index(document["results"])
    for fw in frameworks:
        stats = framework_stats(fw, workspaces, index, document["results"])
        row = re.search(rf'<tr data-fw-row="{fw.name}">(.*?)</tr>', summary, re.S).group(1)
        shown = re.findall(r'data-pct="(controls|results)">([^<]*)<', row)
        assert shown == [("controls", f"{percent(stats.verdicts['passed'], stats.decided)} %"),
                         ("results", f"{percent(stats.results_passed, stats.results_total)} %")]
        assert stats.results_total == len(document["results"])  # every rule serves both frameworks
    # scope: the subscription and both workspaces, the collection date
    assert "5c9e2b7a-1d48-4f36-a0b5-8e3c7d1f2a94" in summary and "collected 2026-11-20T08:00:00Z" in summary
    assert summary.count("mlw-genomics-") >= 2
    # top failing rules: the rules with most failing results, worst first
    top = re.findall(r'<a href="#rule-(AML-[A-Z]+-\d+)"><code>', summary)
    counts = {}
    for r in document["results"]:
        if r["status"] == "fail":
            counts[r["rule_id"]] = counts.get(r["rule_id"], 0) + 1
    assert top and all(counts[t] == max(counts.values()) for t in top[:1])
    # every control linked from "top failing controls" is a row of the matrix
    for anchor in re.findall(r'<a href="#(c-[a-z0-9-]+)">', summary):
        assert f'id="{anchor}"' in html


def test_rules_that_did_not_apply_are_listed_with_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, tmp_path / "out", str(MIXED), "--format", "html,json")
    document, html = got.results(), got.text("report.html")
    judged = {r["rule_id"] for r in document["results"]}
    missing = [r for r in document["rules"] if r["id"] not in judged]
    coverage = re.search(r'<p id="coverage">(.*?)</p>', html).group(1)
    assert coverage.startswith(f"{len(document['rules'])} rules evaluated: {len(judged)} gave {len(document['results'])} results")
    assert f"{len(missing)} gave none" in coverage
    section = html[html.index('id="not-applied"'):html.index('id="findings"')]
    for rule in missing:
        assert rule["id"] in section
    assert "nothing for the rule to judge" in section
