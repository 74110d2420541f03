"""What `amlscan scan` prints: each failing finding as Checkov prints checks, within 100 columns;
less with --compact and --quiet, more with --output-format full, JSON for pipes; progress only on
a terminal; `amlscan rules` within the terminal's width."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.report.terminal import TEXT_LIMIT
from tests.conftest import ROOT
from tests.gate.helpers import DEFAULTS, HARDENED, MIXED, TEMPLATE, run


def fails(document: dict) -> list[dict]:
    return [r for r in document["results"] if r["status"] == "fail"]


def test_default_lists_the_first_failing_findings_within_100_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, tmp_path / "out", str(DEFAULTS))
    lines = got.out.splitlines()
    assert lines and max(len(line) for line in lines) <= 100
    document = got.results()
    failing = fails(document)
    assert len(failing) > TEXT_LIMIT  # the service-defaults workspace fails more than the default lists
    heads = [i for i, line in enumerate(lines) if line.startswith("FAIL")]
    assert len(heads) == TEXT_LIMIT
    listed = 0
    for result in failing:
        head = next((i for i in heads if f" {result['rule_id']} " in lines[i]
                     and result["resource_id"].rsplit("/", 1)[-1] in lines[i + 1]), None)
        if head is None:
            continue
        listed += 1
        assert result["severity"] in lines[head] and result["title"][:30] in lines[head]
        assert lines[head + 2].split()[0] == "fix" and result["remediation"]["text"][:20] in lines[head + 2]
    assert listed == TEXT_LIMIT
    more = len(failing) - TEXT_LIMIT
    assert f"… and {more} more findings: report.html lists them all (--output-format full prints them)" in lines
    assert lines[-1] == f"gate     FAILED: {len(failing)} failing result(s) at or above low"
    assert got.err == ""  # progress and warnings only; stderr is not a terminal here


def test_template_findings_name_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, tmp_path / "out", *TEMPLATE)
    document = got.results()
    net = next(r for r in fails(document) if r["rule_id"] == "AML-NET-001")
    where = f"{net['location']['file']}:{net['location']['line']}"
    assert where.startswith("fixtures/iac/default-workspace.json:")
    assert any(line.strip().startswith(f"resource  {where}") for line in got.out.splitlines())


def test_compact_is_one_line_per_finding_and_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, tmp_path / "a", str(DEFAULTS), "--compact")
    finding_lines = [line for line in got.out.splitlines() if line.startswith("FAIL")]
    assert len(finding_lines) == len(fails(got.results())) and all(len(line) <= 100 for line in got.out.splitlines())
    assert all(re.match(r"FAIL +(critical|high|medium|low) +AML-[A-Z]+-\d{3} ", line) for line in finding_lines)
    quiet = run(capsys, tmp_path / "b", str(DEFAULTS), "--quiet")
    assert quiet.code == 1 and quiet.out == "" and quiet.err == ""


def test_full_prints_evidence_and_the_unknown_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, tmp_path / "out", str(MIXED), "--output-format", "full")
    document = got.results()
    assert got.out.count("\n        evidence  ") >= sum(len(r["evidence"]) > 0 for r in fails(document))
    unknown = [r for r in document["results"] if r["status"] == "unknown"]
    assert len([line for line in got.out.splitlines() if line.startswith("UNKNOWN")]) == len(unknown)


def test_json_output_is_the_results_document_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, tmp_path / "out", str(HARDENED), "--output-format", "json")
    assert json.loads(got.out) == got.results()


def _in_a_terminal(tmp_path: Path, *argv: str) -> tuple[int, str, str]:
    """Run amlscan with stderr on a pseudo-terminal (stdout a pipe): what a person at a shell sees."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "scanner", *argv], cwd=ROOT, stdout=subprocess.PIPE, stderr=secondary, env=env)
    os.close(secondary)
    err = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    out = proc.stdout.read() if proc.stdout else b""
    proc.wait(timeout=120)
    os.close(primary)
    return proc.returncode, out.decode(), err.decode(errors="replace")


def test_progress_shows_on_a_terminal_and_not_in_a_log(tmp_path: Path) -> None:
    code, out, err = _in_a_terminal(tmp_path, "scan", str(MIXED), "--output-dir", str(tmp_path / "tty"), "--workers", "1")
    assert code == 1 and "gate     FAILED" in out
    assert "evaluating" in err and "writing reports" in err  # rich's transient bars, on stderr only
    assert "evaluating" not in out
    logged = subprocess.run([sys.executable, "-m", "scanner", "scan", str(MIXED), "--output-dir", str(tmp_path / "log"), "--workers", "1"],
                            cwd=ROOT, capture_output=True, text=True)
    assert logged.returncode == 1 and logged.stderr == ""


@pytest.mark.parametrize("columns", [60, 80, 132])
def test_rules_fit_the_terminal_width(columns: int) -> None:
    listing = subprocess.run([sys.executable, "-m", "scanner", "rules"], cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COLUMNS": str(columns)})
    lines = listing.stdout.splitlines()
    assert listing.returncode == 0 and max(len(line) for line in lines) <= columns
    flat = " ".join(listing.stdout.split())
    from scanner.evaluate.catalog import load_bundle

    for rule in load_bundle().rules:  # nothing cut: every id and every word of every title is there
        assert rule.id in flat and all(word in flat for word in rule.title.split())


def test_readme_quick_start_shows_the_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's example output is what `amlscan scan fixtures/service-defaults.json` prints
    (its `…` line stands for the findings left out)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- quick-start-output -->\n```text\n(.*?)\n```", readme, re.S).group(1).splitlines()
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    got = run(capsys, tmp_path, "fixtures/service-defaults.json", output_dir=False)
    printed = got.out.splitlines()
    head = shown[: shown.index("…")]
    tail = shown[shown.index("…") + 1:]
    assert printed[: len(head)] == head and printed[-len(tail):] == tail
