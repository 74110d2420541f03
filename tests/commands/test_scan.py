"""`amlscan scan` end to end on the bundled fixtures: outputs, exit codes, gate, bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli import main
from tests.conftest import FIXTURES, ROOT, assert_valid_sarif, fixture_snapshots

SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


def scan(tmp_path: Path, snapshot: Path | str, *extra: str) -> tuple[int, Path]:
    out = tmp_path / "out"
    code = main(["scan", str(snapshot), "--output-dir", str(out), "--quiet", *extra])
    return code, out


@pytest.mark.parametrize("snapshot", fixture_snapshots(), ids=lambda p: p.name)
def test_scan_fixture_writes_valid_reports(tmp_path: Path, snapshot: Path, sarif_validator, results_validator) -> None:
    code, out = scan(tmp_path, snapshot)
    assert sorted(p.name for p in out.iterdir()) == ["amlscan.sarif", "report.html", "results.json"]
    results = json.loads((out / "results.json").read_text())
    results_validator.validate(results)
    assert_valid_sarif(sarif_validator, json.loads((out / "amlscan.sarif").read_text()))
    statuses = {r["status"] for r in results["results"]}
    assert "error" not in statuses
    assert code == (1 if "fail" in statuses else 0)
    # every rule judged every workspace at least once
    judged = {(r["rule_id"], r["workspace_id"]) for r in results["results"]}
    workspace_rules = [r["id"] for r in results["rules"] if r["resource_type"] == "Microsoft.MachineLearningServices/workspaces"]
    for entry in json.loads(snapshot.read_text())["workspaces"]:
        for rule_id in workspace_rules:
            assert (rule_id, entry["id"]) in judged, f"{rule_id} gave no verdict on {entry['id']}"


def test_first_rules_give_expected_verdicts(tmp_path: Path) -> None:
    expected = {
        "hipaa-hardened.json": {"mlw-oncology-prod": {"AML-NET-001": "pass", "AML-ENC-001": "pass", "AML-LOG-001": "pass"}},
        "service-defaults.json": {"mlw-campaign-sandbox": {"AML-NET-001": "fail", "AML-ENC-001": "fail", "AML-LOG-001": "fail"}},
        "mixed-forbidden.json": {
            "mlw-genomics-research": {"AML-NET-001": "pass", "AML-ENC-001": "fail", "AML-LOG-001": "unknown"},
            "mlw-genomics-scratch": {"AML-NET-001": "fail"},
        },
    }
    for name, workspaces in expected.items():
        _, out = scan(tmp_path / name, FIXTURES / name)
        results = json.loads((out / "results.json").read_text())["results"]
        for workspace, rules in workspaces.items():
            for rule_id, status in rules.items():
                got = {r["status"] for r in results if r["rule_id"] == rule_id and r["resource_id"].endswith("/" + workspace)}
                assert got == {status}, f"{name} {workspace} {rule_id}: {got}"


def test_findings_carry_evidence_and_controls(tmp_path: Path) -> None:
    _, out = scan(tmp_path, FIXTURES / "service-defaults.json")
    results = json.loads((out / "results.json").read_text())["results"]
    pna = next(r for r in results if r["rule_id"] == "AML-NET-001")
    assert pna["evidence"] == [{"path": "properties.publicNetworkAccess", "found": None, "expected": "Disabled"}]
    assert "164.312(e)(1)" in pna["frameworks"]["hipaa"]
    assert pna["references"]["azure_policy"] == ["438c38d2-3772-465a-a9cc-7a6666a275ce", "a10ee784-7409-4941-b091-663697637c0f"]


def test_unknown_results_name_the_missing_section(tmp_path: Path) -> None:
    _, out = scan(tmp_path, FIXTURES / "mixed-forbidden.json")
    results = json.loads((out / "results.json").read_text())["results"]
    unknown = [r for r in results if r["rule_id"] == "AML-LOG-001" and r["status"] == "unknown"]
    assert unknown and "forbidden" in unknown[0]["message"]
    assert unknown[0]["evidence"][0] == {"path": "diagnostic_settings.status", "found": "forbidden", "expected": "ok"}


def test_outputs_are_byte_identical_across_runs(tmp_path: Path) -> None:
    snapshot = FIXTURES / "mixed-forbidden.json"
    _, first = scan(tmp_path / "a", snapshot)
    _, second = scan(tmp_path / "b", snapshot, "--workers", "1")
    for name in ("results.json", "amlscan.sarif", "report.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.parametrize(
    ("threshold", "unknown"),
    [("critical", False), ("high", False), ("medium", False), ("low", False), ("none", False), ("high", True), ("low", True)],
)
def test_gate_threshold(tmp_path: Path, threshold: str, unknown: bool) -> None:
    extra = ["--fail-on", threshold] + (["--fail-on-unknown"] if unknown else [])
    code, out = scan(tmp_path, FIXTURES / "mixed-forbidden.json", *extra)
    results = json.loads((out / "results.json").read_text())["results"]
    statuses = {"fail", "unknown"} if unknown else {"fail"}
    failing = threshold != "none" and any(r["status"] in statuses and SEVERITY_RANK[r["severity"]] >= SEVERITY_RANK[threshold] for r in results)
    assert code == (1 if failing else 0)


def test_hardened_fixture_passes_first_rules_gate(tmp_path: Path) -> None:
    code, out = scan(tmp_path, FIXTURES / "hipaa-hardened.json")
    results = json.loads((out / "results.json").read_text())["results"]
    first = [r for r in results if r["rule_id"] in ("AML-NET-001", "AML-ENC-001", "AML-LOG-001")]
    assert {r["status"] for r in first} == {"pass"}


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _without_role_items(snapshot: dict) -> dict:
    for section in snapshot["workspaces"][0]["role_assignments"].values():
        section.pop("items", None)
    return snapshot


BAD_INPUTS = {
    "truncated": lambda d: _write(d / "trunc.json", (FIXTURES / "hipaa-hardened.json").read_text()[:500]),
    "not-json": lambda d: _write(d / "notjson.json", "this is not json\n"),
    "empty": lambda d: _write(d / "empty.json", ""),
    "wrong-version": lambda d: _write(d / "v9.json", json.dumps({**json.loads((FIXTURES / "hipaa-hardened.json").read_text()), "schema_version": "9"})),
    "schema-violation": lambda d: _write(d / "bad.json", (FIXTURES / "hipaa-hardened.json").read_text().replace('"status": "ok"', '"status": "okay"', 1)),
    "top-level-array": lambda d: _write(d / "array.json", "[]"),
    # An ok list without its items would read as "no role assignments": evidence of absence that was never collected.
    "ok-without-items": lambda d: _write(d / "noitems.json", json.dumps(_without_role_items(json.loads((FIXTURES / "hipaa-hardened.json").read_text())))),
    "no-workspaces": lambda d: _write(d / "none.json", json.dumps({**json.loads((FIXTURES / "hipaa-hardened.json").read_text()), "workspaces": []})),
    "missing": lambda d: d / "does-not-exist.json",
    "directory": lambda d: d,
}
EXPECTED_WORDS = {
    "truncated": "truncated",
    "not-json": "not valid JSON",
    "empty": "empty",
    "wrong-version": "schema_version",
    "schema-violation": "$.",
    "top-level-array": "JSON object",
    "ok-without-items": "'items' is a required property",
    "no-workspaces": "nothing was scanned",
    "missing": "not found",
    "directory": "directory",
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_clear_line(tmp_path: Path, case: str) -> None:
    bad = BAD_INPUTS[case](tmp_path)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", str(bad), "--output-dir", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(bad.name) in lines[0] or str(bad) in lines[0]
    assert EXPECTED_WORDS[case] in lines[0]
    assert not out.exists(), "nothing may be written for bad input"


def test_unknown_format_is_usage_error(tmp_path: Path, capsys) -> None:
    code, out = scan(tmp_path, FIXTURES / "hipaa-hardened.json", "--format", "sarif,pdf")
    assert code == 2
    assert "pdf" in capsys.readouterr().err
    assert not out.exists()


def test_format_selection_writes_only_those(tmp_path: Path) -> None:
    _, out = scan(tmp_path, FIXTURES / "hipaa-hardened.json", "--format", "json")
    assert [p.name for p in out.iterdir()] == ["results.json"]


def test_help_documents_exit_codes() -> None:
    proc = subprocess.run([sys.executable, "-m", "scanner", "scan", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0
    for code in ("0 ", "1 ", "2 ", "3 "):
        assert f"  {code}" in proc.stdout


def test_console_script_installed() -> None:
    exe = shutil.which("amlscan", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if exe is None:
        pytest.skip("amlscan console script not on PATH (package not installed)")
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("amlscan ")


def test_unusable_output_paths_are_refused_before_anything_is_written(tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    snapshot = str(FIXTURES / "service-defaults.json")
    assert main(["scan", snapshot, "--output-dir", str(a_file / "sub"), "--quiet"]) == 2
    assert "is not a folder" in capsys.readouterr().err
    folder = tmp_path / "bundle-dir"
    folder.mkdir()
    out = tmp_path / "out"
    assert main(["scan", snapshot, "--output-dir", str(out), "--evidence", str(folder), "--quiet"]) == 2
    assert "--evidence is a folder" in capsys.readouterr().err
    assert not out.exists()


def test_bundle_is_the_deprecated_spelling_of_evidence(tmp_path: Path, capsys) -> None:
    """`scan --bundle ZIP` (before it was named --evidence) is kept for CI scripts: one warning line, the same zip."""
    snapshot = str(FIXTURES / "hipaa-hardened.json")
    assert main(["scan", snapshot, "--output-dir", str(tmp_path / "new"), "--evidence", str(tmp_path / "new.zip"), "--quiet"]) == 0
    assert "deprecated" not in capsys.readouterr().err
    assert main(["scan", snapshot, "--output-dir", str(tmp_path / "old"), "--bundle", str(tmp_path / "old.zip"), "--quiet"]) == 0
    assert capsys.readouterr().err == "amlscan: warning: --bundle is deprecated and will be removed; use --evidence\n"
    assert (tmp_path / "old.zip").read_bytes() == (tmp_path / "new.zip").read_bytes()


def test_malformed_baseline_is_a_usage_error(tmp_path: Path, capsys) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"results": [{"rule_id": "AML-NET-001", "resource_id": None, "status": "fail"}]}))
    code = main(["scan", str(FIXTURES / "service-defaults.json"), "--baseline", str(baseline), "--output-dir", str(tmp_path / "o"), "--quiet"])
    assert code == 2
    assert "$.results[0]" in capsys.readouterr().err
