"""The Wasm engine (the shipped module compiled by OPA) against regopy, and how it fails.

Conformance: every fixture, every IaC fixture and 200 generated workspaces give byte-identical
results.json with `--engine wasm` (the default) and `--engine regopy`. Failures: a rule that
aborts on one workspace becomes an `error` result on that rule and that workspace only; a
workspace too large for the engine's memory limit fails alone; a policy needing a builtin the host
does not provide is a usage error naming it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scanner.cli import main
from tests.conftest import FIXTURES, POLICIES, fixture_snapshots

IAC = FIXTURES / "iac"


def _scan(tmp_path: Path, name: str, target: Path | str, *extra: str) -> tuple[int, Path]:
    out = tmp_path / name
    code = main(["scan", str(target), "--output-dir", str(out), "--format", "json", "--fail-on", "none", "--quiet", *extra])
    return code, out / "results.json"


def _same_with_both_engines(tmp_path: Path, name: str, target: Path | str, *extra: str) -> dict:
    code_w, wasm = _scan(tmp_path, f"{name}-wasm", target, "--engine", "wasm", *extra)
    code_r, regopy = _scan(tmp_path, f"{name}-regopy", target, "--engine", "regopy", *extra)
    assert code_w == code_r == 0
    assert wasm.read_bytes() == regopy.read_bytes(), f"{name}: results differ between engines"
    return json.loads(wasm.read_text(encoding="utf-8"))


@pytest.mark.parametrize("snapshot", fixture_snapshots(), ids=lambda p: p.stem)
def test_fixtures_identical_to_regopy(tmp_path: Path, snapshot: Path) -> None:
    document = _same_with_both_engines(tmp_path, snapshot.stem, snapshot)
    assert document["summary"]["by_status"]["error"] == 0


IAC_INPUTS = {
    "default-template": ["--template", "default-workspace.json", "--parameters", "default-workspace.parameters.json"],
    "hipaa-template": ["--template", "hipaa-workspace.json", "--parameters", "hipaa-workspace.parameters.json"],
    "default-plan": ["--plan", "default-workspace.tfplan.json"],
    "hipaa-plan": ["--plan", "hipaa-workspace.tfplan.json"],
    "hipaa-what-if": ["--what-if", "hipaa-workspace.what-if.json"],
}


# AML-GOV-004 reads `not {"ok": true}[inp.policy_assignments.status]`. Where the section is absent
# (every IaC input) rego-cpp finds that true and OPA undefined (OPA hoists the reference out of the
# `not`): `opa eval` gives no results for the rule, as the Wasm module does, and regopy `unknown`.
# The rule is fixed at its cause on the branch that makes the policies pass on real OPA; until
# that lands this divergence is expected here, and the test must pass once the pattern is gone.
_REGOPY_ONLY_PATTERN = 'not {"ok": true}[inp.policy_assignments.status]'
_DIVERGES = _REGOPY_ONLY_PATTERN in (POLICIES / "rules" / "governance" / "policy_deny_guardrails.rego").read_text(encoding="utf-8")
_iac_divergence = pytest.mark.xfail(_DIVERGES, strict=True, reason="AML-GOV-004 is undefined on real OPA (and Wasm) for an absent section; fixed in policies on the OPA-reference branch")


@_iac_divergence
@pytest.mark.parametrize("name", sorted(IAC_INPUTS))
def test_iac_fixtures_identical_to_regopy(tmp_path: Path, name: str) -> None:
    argv = [str(IAC / a) if a.endswith(".json") else a for a in IAC_INPUTS[name]]
    for engine in ("wasm", "regopy"):
        out = tmp_path / engine
        assert main(["scan", *argv, "--output-dir", str(out), "--format", "json", "--fail-on", "none", "--quiet", "--engine", engine]) == 0
    assert (tmp_path / "wasm" / "results.json").read_bytes() == (tmp_path / "regopy" / "results.json").read_bytes()


@_iac_divergence
def test_iac_folder_identical_to_regopy(tmp_path: Path) -> None:
    _same_with_both_engines(tmp_path, "iac-folder", IAC)


def test_the_iac_divergence_is_that_rule_alone_and_real_opa_agrees_with_wasm(tmp_path: Path) -> None:
    """While the pattern is there: the only difference on an IaC input is AML-GOV-004, and real
    OPA (`opa eval` of the rule on the same input) has no results for it, like the Wasm module."""
    if not _DIVERGES:
        pytest.skip("AML-GOV-004 no longer has the pattern rego-cpp and OPA read differently")
    from tests.wasm_support import opa_eval

    argv = [str(IAC / a) if a.endswith(".json") else a for a in IAC_INPUTS["hipaa-template"]]
    documents = {}
    for engine in ("wasm", "regopy"):
        assert main(["scan", *argv, "--output-dir", str(tmp_path / engine), "--format", "json", "--fail-on", "none", "--quiet", "--engine", engine]) in (0, 3)
        documents[engine] = json.loads((tmp_path / engine / "results.json").read_text(encoding="utf-8"))["results"]
    differing = [(w["rule_id"], w["status"], r["status"]) for w, r in zip(documents["wasm"], documents["regopy"]) if w != r]
    assert differing == [("AML-GOV-004", "error", "unknown")]
    import argparse

    from scanner.evaluate.run import workspace_input
    from scanner.iac.inputs import load_input

    snapshot = load_input(argparse.Namespace(snapshot=None, template=argv[1], parameters=argv[3], what_if=None, plan=None, baseline=None, as_of=None))
    document = workspace_input(snapshot.data["workspaces"][0], snapshot.data)
    policies = tmp_path / "opa-policies"
    shutil.copytree(POLICIES, policies, ignore=shutil.ignore_patterns("*_test.rego", "*.yaml"))
    (policies / "data.json").write_text('{"amlscan": {"params": {}}}', encoding="utf-8")
    assert opa_eval(tmp_path, "package unused\n", "data.amlscan.rules.governance_policy_deny_guardrails.results", document, extra=[policies]) is None
    assert opa_eval(tmp_path, "package unused\n", "data.amlscan.rules.workspace_public_network_access.results", document, extra=[policies])  # defined


def test_generated_workspaces_identical_to_regopy(tmp_path: Path) -> None:
    from bench import generate

    snapshot = tmp_path / "generated.json"
    generate.write(200, snapshot, seed=13)
    document = _same_with_both_engines(tmp_path, "generated", snapshot)
    assert document["summary"]["total"] >= 200 * 58 * 0.9


def _custom_policies(tmp_path: Path, rule_source: str) -> Path:
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    (policies / "rules" / "zz").mkdir()
    (policies / "rules" / "zz" / "probe.rego").write_text(rule_source, encoding="utf-8")
    return policies


RULE_HEADER = """# METADATA
# title: Probe rule for the engine tests
# description: Fails in a chosen way on a chosen workspace.
# custom:
#   id: AML-TST-001
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(b)"]
#   remediation:
#     text: None.
package amlscan.rules.zz_probe

import rego.v1

"""


def test_conflict_on_one_workspace_is_an_error_on_that_rule_only(tmp_path: Path, monkeypatch) -> None:
    """A complete rule with two values aborts the module (OPA: var assignment conflict). The
    aggregate entrypoint fails for that workspace, so it is evaluated rule by rule: the probe rule
    gets an `error`, every other rule its verdict, and the other workspaces are untouched."""
    from tests.wasm_support import require_opa

    require_opa()
    monkeypatch.setenv("AMLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    from bench import generate

    snapshot = tmp_path / "four.json"
    generate.write(4, snapshot, seed=3)
    victim = json.loads(snapshot.read_text(encoding="utf-8"))["workspaces"][1]["id"]
    rule = RULE_HEADER + f"""value := 1 if input.id == "{victim}"

value := 2 if input.id == "{victim}"

value := 0 if input.id != "{victim}"

results := {{{{"status": "pass", "resource_id": input.id, "resource_type": "Microsoft.MachineLearningServices/workspaces", "message": sprintf("value %d", [value]), "evidence": []}}}}
"""
    policies = _custom_policies(tmp_path, rule)
    code, path = _scan(tmp_path, "conflict", snapshot, "--policies", str(policies))
    assert code == 3  # an `error` result: the engine could not produce a verdict
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    errors = [r for r in results if r["status"] == "error"]
    assert {(r["rule_id"], r["workspace_id"]) for r in errors} == {("AML-TST-001", victim)}
    assert "conflict" in errors[0]["message"]
    probe_passes = [r for r in results if r["rule_id"] == "AML-TST-001" and r["status"] == "pass"]
    assert len(probe_passes) == 3 and all(r["message"] == "value 0" for r in probe_passes)
    # Every shipped rule kept its verdicts on every workspace, the victim included.
    _, shipped = _scan(tmp_path, "shipped", snapshot)
    expected = json.loads(shipped.read_text(encoding="utf-8"))["results"]
    assert [r for r in results if r["rule_id"] != "AML-TST-001"] == expected


def test_policy_needing_an_unprovided_builtin_is_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    from tests.wasm_support import require_opa

    require_opa()
    monkeypatch.setenv("AMLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    rule = RULE_HEADER + """results := {{"status": "pass", "resource_id": input.id, "resource_type": "x/y", "message": opa.runtime().version, "evidence": []}}
"""
    policies = _custom_policies(tmp_path, rule)
    code, path = _scan(tmp_path, "builtin", FIXTURES / "hipaa-hardened.json", "--policies", str(policies))
    assert code == 2
    assert not path.exists()
    err = capsys.readouterr().err
    assert "opa.runtime" in err and "--engine regopy" in err


def test_a_workspace_beyond_the_memory_limit_fails_alone() -> None:
    import wasmtime

    from scanner.evaluate.outcome import MAIN_ENTRYPOINT
    from scanner.evaluate.wasm import EvaluationFailed, WasmPolicy
    from scanner.evaluate.wasm_build import SHIPPED_WASM
    from scanner.evaluate.wasm_builtins import HOST_BUILTINS

    engine = wasmtime.Engine()
    policy = WasmPolicy(engine, wasmtime.Module(engine, SHIPPED_WASM.read_bytes()), {"amlscan": {"params": {}}}, HOST_BUILTINS, memory_limit=16 * 1024 * 1024)
    document = json.loads((FIXTURES / "hipaa-hardened.json").read_text(encoding="utf-8"))["workspaces"][0]
    normal = json.dumps(document).encode()
    before = policy.evaluate(MAIN_ENTRYPOINT, normal)
    huge = dict(document, padding=["x" * 1000] * 20_000)  # 20 MB of JSON: beyond 16 MB
    with pytest.raises(EvaluationFailed, match="memory limit"):
        policy.evaluate(MAIN_ENTRYPOINT, json.dumps(huge).encode())
    # Parsing 4 MB into Rego values needs more than the 16 MB: an abort inside the module.
    large = dict(document, padding=[{"k": i} for i in range(200_000)])
    with pytest.raises(EvaluationFailed):
        policy.evaluate(MAIN_ENTRYPOINT, json.dumps(large).encode())
    assert policy.instances == 3  # rebuilt after each failure
    assert policy.evaluate(MAIN_ENTRYPOINT, normal) == before
