"""Every setting of amlscan.yaml applies to `scan SNAPSHOT --config` (not only to configured
targets), and a flag given on the command line wins over it. One test per setting."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.gate.helpers import DEFAULTS, HARDENED, config, run


def test_outputs_fail_on_applies_and_the_flag_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "outputs:\n  fail_on: critical\n")
    got = run(capsys, tmp_path / "a", str(DEFAULTS), "--config", str(cfg))
    assert got.code == 0 and got.results()["gate"]["fail_on"] == "critical"  # no critical failure
    # given on the command line, even with the built-in default's value, the flag wins
    got = run(capsys, tmp_path / "b", str(DEFAULTS), "--config", str(cfg), "--fail-on", "low")
    assert got.code == 1 and got.results()["gate"]["fail_on"] == "low"


def test_outputs_fail_on_unknown_applies_and_the_flag_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "outputs:\n  fail_on: medium\n  fail_on_unknown: true\n")
    got = run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg))
    assert got.code == 1 and got.results()["gate"] == {"verdict": "failed", "fail_on": "medium", "fail_on_unknown": True, "failing": 1}
    got = run(capsys, tmp_path / "b", str(HARDENED), "--config", str(cfg), "--no-fail-on-unknown")
    assert got.code == 0 and got.results()["gate"]["fail_on_unknown"] is False


def test_outputs_formats_apply_and_the_flag_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "outputs:\n  formats: [md, junit]\n")
    run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg))
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["junit.xml", "summary.md"]
    run(capsys, tmp_path / "b", str(HARDENED), "--config", str(cfg), "--format", "json")
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["results.json"]


def test_outputs_folder_applies_relative_to_the_file_and_the_flag_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "conf").mkdir()
    cfg = config(tmp_path / "conf", "outputs:\n  folder: out-from-config\n")
    monkeypatch.chdir(tmp_path)
    got = run(capsys, tmp_path, str(HARDENED), "--config", str(cfg), output_dir=False)
    assert got.code == 0 and (tmp_path / "conf" / "out-from-config" / "results.json").is_file()
    assert not (tmp_path / "reports").exists()
    run(capsys, tmp_path / "flag", str(HARDENED), "--config", str(cfg))
    assert (tmp_path / "flag" / "results.json").is_file()


def test_outputs_bundle_writes_the_policy_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "outputs:\n  bundle: true\n")
    got = run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg))
    assert got.code == 0 and (tmp_path / "a" / "policies.tar.gz").is_file()
    assert "policies.tar.gz" in got.out  # listed with the reports


def test_history_path_applies_and_the_flag_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "history:\n  path: configured.db\n")
    run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg))
    assert sqlite3.connect(tmp_path / "configured.db").execute("select count(*) from scans").fetchone()[0] == 1
    run(capsys, tmp_path / "b", str(HARDENED), "--config", str(cfg), "--history", str(tmp_path / "flag.db"))
    assert (tmp_path / "flag.db").is_file()
    assert sqlite3.connect(tmp_path / "configured.db").execute("select count(*) from scans").fetchone()[0] == 1


def test_history_enabled_false_records_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "history:\n  path: never.db\n  enabled: false\n")
    assert run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg)).code == 0
    assert not (tmp_path / "never.db").exists()


def test_history_export_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "history:\n  path: h.db\n  export: jsonl\n")
    run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg))
    lines = (tmp_path / "a" / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["RuleId"] for line in lines)


def test_parameters_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The hardened workspace is in an EU region: allowing only eastus makes AML-RES-001 fail.
    cfg = config(tmp_path, "parameters:\n  allowed_regions: [eastus]\n")
    got = run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg))
    assert got.code == 1 and {r["status"] for r in got.results()["results"] if r["rule_id"] == "AML-RES-001"} == {"fail"}


def test_frameworks_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Every bundled rule serves both frameworks: a copy of the policies with one rule for HIPAA only.
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies)
    rule = policies / "rules" / "registry" / "admin_user.rego"
    rule.write_text(rule.read_text(encoding="utf-8").replace("#     gdpr: [32(1)(b)]\n", "", 1), encoding="utf-8")
    cfg = config(tmp_path, "frameworks:\n  enabled: [gdpr]\n")
    document = run(capsys, tmp_path / "a", str(DEFAULTS), "--config", str(cfg), "--policies", str(policies)).results()
    assert "AML-ACR-001" not in {r["id"] for r in document["rules"]} | {r["rule_id"] for r in document["results"]}
    assert len(document["rules"]) == 69


def test_waivers_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path, "waivers:\n  - {rule: AML-STG-008, resource: '*', justification: accepted for the pilot, approver: ciso, expires: '2099-12-31'}\n"
                           "outputs:\n  fail_on_unknown: true\n  fail_on: medium\n")
    got = run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg))
    assert got.code == 0 and got.results()["summary"]["by_status"]["waived"] == 1


def test_attestations_apply_and_the_flag_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "attestations:\n  - {framework: hipaa, control: '164.308(a)(7)(ii)(A)', status: pass, evidence: 'https://example.org/backup-test', reviewer: auditor, date: '2026-10-01', expires: '2099-01-01'}\n"
    (tmp_path / "configured.yaml").write_text(body, encoding="utf-8")
    (tmp_path / "flag.yaml").write_text(body.replace("auditor", "other reviewer"), encoding="utf-8")
    cfg = config(tmp_path, "attestations: configured.yaml\n")
    got = run(capsys, tmp_path / "a", str(HARDENED), "--config", str(cfg))
    assert got.results()["attestations"]["items"][0]["reviewer"] == "auditor"
    got = run(capsys, tmp_path / "b", str(HARDENED), "--config", str(cfg), "--attestations", str(tmp_path / "flag.yaml"))
    assert got.results()["attestations"]["items"][0]["reviewer"] == "other reviewer"


def test_every_setting_has_a_test() -> None:
    """A new setting in a configuration schema must get its test here."""
    from importlib import resources

    tested = {"outputs.fail_on", "outputs.fail_on_unknown", "outputs.formats", "outputs.folder", "outputs.bundle", "history.path",
              "history.enabled", "history.export", "parameters", "frameworks", "waivers", "attestations", "targets"}
    found = set()
    for name in ("outputs", "history"):
        schema = json.loads(resources.files("scanner").joinpath(f"schemas/config/{name}.schema.json").read_text("utf-8"))
        found |= {f"{name}.{key}" for key in schema["properties"]}
    from scanner.config import SECTIONS

    found |= {s for s in SECTIONS if s not in ("outputs", "history")}
    assert found == tested  # targets: tests/history/test_config_flow.py
