"""Baselines and waivers: what fails the gate, what JSON and SARIF say."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import assert_valid_sarif
from tests.iac.helpers import IAC, scan

DEFAULT = ["--template", str(IAC / "default-workspace.json"), "--parameters", str(IAC / "default-workspace.parameters.json")]
HIPAA = ["--template", str(IAC / "hipaa-workspace.json"), "--parameters", str(IAC / "hipaa-workspace.parameters.json")]


def write_config(tmp_path: Path, body: str) -> str:
    path = tmp_path / "amlscan.yaml"
    path.write_text(body)
    return str(path)


def test_baseline_only_new_results_fail_the_gate(tmp_path: Path, sarif_validator) -> None:  # type: ignore[no-untyped-def]
    code, first, _ = scan(tmp_path, *DEFAULT, name="first")
    assert code == 1
    baseline = tmp_path / "first" / "results.json"
    code, again, sarif = scan(tmp_path, *DEFAULT, "--baseline", str(baseline), name="again")
    assert code == 0  # nothing new
    assert {r["baseline_state"] for r in again["results"]} == {"unchanged"}
    assert {r["baselineState"] for r in sarif["runs"][0]["results"]} == {"unchanged"}
    # a previously passing workspace as baseline: the default's failures are all new
    _, hipaa, _ = scan(tmp_path, *HIPAA, "--fail-on", "none", name="hipaa")
    code, worse, sarif = scan(tmp_path, *DEFAULT, "--baseline", str(tmp_path / "hipaa" / "results.json"), name="worse")
    assert code == 1
    assert all(r["baseline_state"] == "new" for r in worse["results"] if r["status"] == "fail")
    # and the other way round: the fixes show up as absent, nothing fails
    code, better, sarif = scan(tmp_path, *HIPAA, "--baseline", str(baseline), name="better")
    absent = better["baseline"]["absent"]
    assert absent and all(r["baseline_state"] == "absent" for r in absent)
    sarif_absent = [r for r in sarif["runs"][0]["results"] if r.get("baselineState") == "absent"]
    assert len(sarif_absent) == sum(r["status"] == "fail" for r in absent)
    assert all(r["kind"] == "pass" and r["level"] == "none" for r in sarif_absent)
    assert_valid_sarif(sarif_validator, sarif)


def test_waivers_expiry_and_sarif(tmp_path: Path, results_validator) -> None:  # type: ignore[no-untyped-def]
    config = write_config(tmp_path, """
waivers:
  - rule: AML-NET-001
    resource: "*/workspaces/mlw-campaign-sandbox"
    justification: Sandbox without PHI; private link planned for Q1.
    approver: ciso@example.org
    expires: "2026-12-31"
""")
    code, valid, sarif = scan(tmp_path, *DEFAULT, "--config", config, "--as-of", "2026-12-31", "--fail-on", "none", name="valid")
    net = next(r for r in valid["results"] if r["rule_id"] == "AML-NET-001")
    assert net["status"] == "waived" and net["waiver"]["expired"] is False and net["waiver"]["approver"] == "ciso@example.org"
    assert valid["summary"]["by_status"]["waived"] == 1
    assert "AML-NET-001" not in {r["ruleId"] for r in sarif["runs"][0]["results"]}  # suppressed: not uploaded
    assert not list(results_validator.iter_errors(valid))
    _, expired, sarif = scan(tmp_path, *DEFAULT, "--config", config, "--as-of", "2027-01-01", "--fail-on", "none", name="expired")
    net = next(r for r in expired["results"] if r["rule_id"] == "AML-NET-001")
    assert net["status"] == "fail" and net["waiver"]["expired"] is True
    assert "AML-NET-001" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    # byte-identical reports for the same inputs and date
    scan(tmp_path, *DEFAULT, "--config", config, "--as-of", "2027-01-01", "--fail-on", "none", name="expired2")
    for name in ("results.json", "amlscan.sarif"):
        assert (tmp_path / "expired" / name).read_bytes() == (tmp_path / "expired2" / name).read_bytes()


def test_waiver_without_justification_or_expiry_is_rejected(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for missing, body in (("justification", "    expires: '2027-01-01'\n"), ("expires", "    justification: accepted for the pilot phase\n")):
        config = write_config(tmp_path, "waivers:\n  - rule: AML-NET-001\n    resource: '*'\n    approver: a\n" + body)
        code, _, _ = scan(tmp_path, *DEFAULT, "--config", config)
        err = capsys.readouterr().err
        assert code == 2 and "$.waivers[0]" in err and missing in err and len(err.strip().splitlines()) == 1
    config = write_config(tmp_path, "waivers:\n  - {rule: X, resource: '*', approver: a, justification: accepted for the pilot, expires: '2027-02-30'}\n")
    assert scan(tmp_path, *DEFAULT, "--config", config)[0] == 2
    assert "not a date" in capsys.readouterr().err


def test_bad_as_of_and_bad_baseline_exit_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert scan(tmp_path, *DEFAULT, "--as-of", "27/11/2026")[0] == 2
    assert "--as-of" in capsys.readouterr().err
    not_results = tmp_path / "snapshot.json"
    not_results.write_text(json.dumps({"schema_version": "1", "workspaces": []}))
    assert scan(tmp_path, *DEFAULT, "--baseline", str(not_results))[0] == 2
    assert "not an amlscan results.json" in capsys.readouterr().err
