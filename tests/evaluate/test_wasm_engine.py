"""The Wasm engine (the shipped module compiled by OPA), and how it fails.

Its results equal a real OPA server's on the conformance corpus (tests/evaluate/test_opa_conformance.py)
and here, rule by rule, `opa eval`'s. Failures: a rule that aborts on one workspace becomes an
`error` result on that rule and that workspace only; a workspace too large for the engine's memory
limit fails alone; a policy needing a builtin the host does not provide is a usage error naming it.
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


@pytest.mark.parametrize("snapshot", fixture_snapshots(), ids=lambda p: p.stem)
def test_fixtures_give_a_verdict_on_every_rule(tmp_path: Path, snapshot: Path) -> None:
    code, path = _scan(tmp_path, snapshot.stem, snapshot, "--engine", "wasm")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert code == 0 and document["summary"]["by_status"]["error"] == 0
    assert {r["rule_id"] for r in document["results"]} >= {"AML-NET-001", "AML-RES-001", "AML-IAM-003"}


IAC_INPUTS = {
    "default-template": ["--template", "default-workspace.json", "--parameters", "default-workspace.parameters.json"],
    "hipaa-template": ["--template", "hipaa-workspace.json", "--parameters", "hipaa-workspace.parameters.json"],
    "default-plan": ["--plan", "default-workspace.tfplan.json"],
    "hipaa-plan": ["--plan", "hipaa-workspace.tfplan.json"],
    "hipaa-what-if": ["--what-if", "hipaa-workspace.what-if.json"],
}


def _workspace_documents() -> list[dict]:
    """The input of every fixture workspace and of the IaC template and plan fixtures."""
    from scanner.evaluate.inputs import workspace_input
    from scanner.iac.inputs import InputFiles, load_input
    from scanner.snapshot.load import load_snapshot

    snapshots = [load_snapshot(path).data for path in fixture_snapshots()]
    for name in ("hipaa-template", "default-plan"):
        argv = IAC_INPUTS[name]
        options = {flag.lstrip("-").replace("-", "_"): str(IAC / value) for flag, value in zip(argv[::2], argv[1::2])}
        snapshots.append(load_input(InputFiles(**options)).data)
    return [workspace_input(entry, snap) for snap in snapshots for entry in snap["workspaces"]]


def test_wasm_outcomes_equal_real_opa_on_every_rule(tmp_path: Path) -> None:
    """Real OPA (`opa eval` of the generated amlscan.main module over the shipped policies) gives
    exactly the Wasm engine's raw verdicts, rule by rule, on every fixture workspace and on IaC
    inputs (where sections are absent)."""
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.wasm_build import build_sources
    from scanner.evaluate.wasm_engine import WasmEngine
    from tests.evaluate.wasm_support import opa_eval

    bundle = load_bundle(POLICIES)
    modules = tmp_path / "modules"
    for path, source in build_sources(bundle).items():
        (modules / path).parent.mkdir(parents=True, exist_ok=True)
        (modules / path).write_text(source, encoding="utf-8")
    (modules / "data.json").write_text('{"amlscan": {"params": {}}}', encoding="utf-8")
    engine = WasmEngine(bundle, {"params": {}})
    documents = _workspace_documents()
    # every fixture workspace, and the one workspace each of the two IaC inputs declares
    from scanner.snapshot.load import load_snapshot

    assert len(documents) == sum(len(load_snapshot(path).workspaces) for path in fixture_snapshots()) + 2
    for document in documents:
        want = opa_eval(tmp_path, "package unused\n", "data.amlscan.main.results", document, extra=[modules])
        got = engine.evaluate(document)
        assert want is not None, f"OPA: no results for {document['id']}"
        canonical = lambda verdicts: sorted(json.dumps(v, sort_keys=True) for v in verdicts)
        for package in engine.packages:
            # A rule's results are a set, an array in JSON: its order is the engine's own.
            assert canonical(got[package]) == canonical(want[package]), (document["id"], package)


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
    from tests.evaluate.wasm_support import require_opa

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
    from tests.evaluate.wasm_support import require_opa

    require_opa()
    monkeypatch.setenv("AMLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    rule = RULE_HEADER + """results := {{"status": "pass", "resource_id": input.id, "resource_type": "x/y", "message": opa.runtime().version, "evidence": []}}
"""
    policies = _custom_policies(tmp_path, rule)
    code, path = _scan(tmp_path, "builtin", FIXTURES / "hipaa-hardened.json", "--policies", str(policies))
    assert code == 2
    assert not path.exists()
    err = capsys.readouterr().err
    assert "opa.runtime" in err and "--engine opa" in err


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


def test_parameters_from_the_configuration_reach_the_rules(tmp_path: Path) -> None:
    """amlscan.yaml's parameters are data.amlscan.params for the Wasm module (as for an OPA server:
    tests/evaluate/test_opa_conformance.py)."""
    config = tmp_path / "amlscan.yaml"
    config.write_text("parameters:\n  allowed_regions: [eastus]\n  min_log_retention_days: 3650\n  max_owners: 1\n", encoding="utf-8")
    snapshot = FIXTURES / "hipaa-hardened.json"
    _, path = _scan(tmp_path, "params", snapshot, "--config", str(config))
    with_params = json.loads(path.read_text(encoding="utf-8"))
    code, default = _scan(tmp_path, "defaults", snapshot)
    verdicts = lambda doc: {(r["rule_id"], r["resource_id"]): r["status"] for r in doc["results"]}
    changed = {k for k, v in verdicts(with_params).items() if verdicts(json.loads(default.read_text(encoding="utf-8"))).get(k) != v}
    assert {"AML-RES-001", "AML-LOG-002"} <= {rule for rule, _ in changed}
