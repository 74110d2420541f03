"""Real OPA is the reference engine: the embedded engine must agree with it byte for byte.

On every fixture snapshot, the IaC fixtures, a few hundred generated workspaces and mutated ones
(tests/evaluate/mutated.py), `amlscan scan`
with the embedded engine and with `--engine opa` against a real `opa run --server` on loopback
write the same `results.json`, bytes and all (where a rule fails on an input, both engines must
fail it, and only their own wording of the failure may differ); so does `--opa-preloaded` against an OPA started
with `--bundle` on `amlscan opa-bundle` output. Conftest runs the extracted bundle too: it only reports
`deny`/`warn` rules, so a small wrapper module (below, not shipped) turns every verdict of
`data.amlscan.main.results` into one, and those verdicts must equal the embedded engine's.

One OPA server per session (tests/conftest.py), reused; the embedded results of each input are
computed once and compared with every OPA route.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT, fixture_snapshots
from tests.evaluate.opa_server import require_tool
from tests.history.helpers import amlscan

EXAMPLE_CONFIG = ROOT / "amlscan.example.yaml"
SCAN_OPTIONS = ("--format", "json", "--fail-on", "none", "--quiet", "--as-of", "2026-12-01")
# (workspaces, seed, extra scan options): one with the default parameters, one with a configuration
# whose parameters differ from them (pushed to the server as data.amlscan.params).
GENERATED = {
    "generated-200": (200, 13, ()),
    "generated-100-config": (100, 4, ("--config", str(EXAMPLE_CONFIG))),
}


MUTATED = ("mutated-120", 120, 29)  # schema-valid mutated copies of generated-200's workspaces


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from bench.generate import write
    from tests.evaluate.mutated import write_mutated

    folder = tmp_path_factory.mktemp("generated")
    paths = {}
    for name, (count, seed, _) in GENERATED.items():
        paths[name] = folder / f"{name}.json"
        write(count, paths[name], seed)
    name, count, seed = MUTATED
    paths[name] = folder / f"{name}.json"
    write_mutated(paths["generated-200"], paths[name], count, seed)
    return paths


def _cases() -> dict[str, Callable[[dict[str, Path]], list[str]]]:
    cases: dict[str, Callable[[dict[str, Path]], list[str]]] = {}
    for path in fixture_snapshots():
        cases[path.stem] = lambda _, path=path: [str(path)]
    cases["iac"] = lambda _: [str(FIXTURES / "iac")]  # every template, what-if and plan, as one scan
    for name, (_, _, options) in GENERATED.items():
        cases[name] = lambda paths, name=name, options=options: [str(paths[name]), *options]
    cases[MUTATED[0]] = lambda paths: [str(paths[MUTATED[0]])]
    return cases


CASES = _cases()
DEFAULT_PARAMETER_CASES = [name for name in CASES if name != "generated-100-config"]


def _scan(folder: Path, args: list[str], *engine: str) -> tuple[int, bytes]:
    code = amlscan("scan", *args, "--output-dir", str(folder), *SCAN_OPTIONS, *engine)
    assert code in (0, 3), f"scan {' '.join(args + list(engine))} exited {code}"  # 3: some result is `error`
    return code, (folder / "results.json").read_bytes()


@pytest.fixture(scope="module")
def embedded(generated: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[int, bytes]]:
    """Exit code and results.json of the embedded engine for a case, computed once."""
    cache: dict[str, tuple[int, bytes]] = {}

    def results(case: str) -> tuple[int, bytes]:
        if case not in cache:
            cache[case] = _scan(tmp_path_factory.mktemp(f"embedded-{case}"), CASES[case](generated))
        return cache[case]

    return results


def _without_engine_wording(document: dict[str, Any]) -> dict[str, Any]:
    """An `error` result's message ends with the engine's own words for the failure, which no two
    engines share ("engine error: ..."); everything else must match."""
    for result in document["results"]:
        if result["status"] == "error":
            result["message"] = result["message"].split(" engine error: ")[0]
    return document


def _assert_same(opa: tuple[int, bytes], reference: tuple[int, bytes]) -> None:
    assert opa[0] == reference[0], f"exit code {opa[0]} on OPA, {reference[0]} embedded"
    a, b = json.loads(opa[1]), json.loads(reference[1])
    assert a["results"], "the input produced results"
    if opa[1] == reference[1]:
        return
    errors = [r for r in b["results"] if r["status"] == "error"]
    if errors and _without_engine_wording(a) == _without_engine_wording(b):
        return  # identical but for how each engine words the same failure
    differing = [(x["rule_id"], x["resource_id"], x["status"], y["status"]) for x, y in zip(a["results"], b["results"]) if x != y]
    pytest.fail(f"results.json differs ({len(a['results'])} vs {len(b['results'])} results); first differences: {differing[:5]}")


@pytest.mark.parametrize("case", list(CASES))
def test_opa_server_matches_embedded(case: str, opa_server: Any, embedded: Callable[[str], tuple[int, bytes]], generated: dict[str, Path], tmp_path: Path) -> None:
    opa = _scan(tmp_path, CASES[case](generated), "--engine", "opa", "--opa-url", opa_server.url)
    _assert_same(opa, embedded(case))


@pytest.mark.parametrize("case", DEFAULT_PARAMETER_CASES)
def test_opa_bundle_server_matches_embedded(case: str, opa_bundle_server: Any, embedded: Callable[[str], tuple[int, bytes]], generated: dict[str, Path], tmp_path: Path) -> None:
    before = opa_bundle_server.requests()
    opa = _scan(tmp_path, CASES[case](generated), "--engine", "opa", "--opa-url", opa_bundle_server.url, "--opa-preloaded")
    _assert_same(opa, embedded(case))
    after = opa_bundle_server.requests()
    assert after.get(("v1/policies", "put"), 0) == before.get(("v1/policies", "put"), 0), "nothing is pushed to a preloaded server"
    assert after.get(("v1/data", "put"), 0) == before.get(("v1/data", "put"), 0)


# Conftest asks a namespace for `deny`, `warn` and `violation` rules only. This wrapper reports every
# verdict: a fail as a failure, anything else as a warning, each as the JSON of [package, verdict].
CONFTEST_WRAPPER = """package conftest.amlscan

import rego.v1

deny contains json.marshal([pkg, v]) if {
	some pkg, verdicts in data.amlscan.main.results
	some v in verdicts
	v.status == "fail"
}

warn contains json.marshal([pkg, v]) if {
	some pkg, verdicts in data.amlscan.main.results
	some v in verdicts
	v.status != "fail"
}
"""


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _canonical(outcome: dict[str, Any]) -> list[str]:
    return sorted(json.dumps([package, verdict], sort_keys=True) for package, verdicts in outcome.items() for verdict in verdicts)


def test_conftest_runs_the_bundle(policy_bundle_file: Path, generated: dict[str, Path], tmp_path: Path) -> None:
    from scanner.config import parameter_defaults
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.engine import embedded_engine
    from scanner.evaluate.outcome import RuleFailure
    from scanner.evaluate.run import workspace_input

    conftest = require_tool("conftest")
    # Conftest reads policies and data from folders and files, not from a bundle archive.
    with tarfile.open(policy_bundle_file, "r:gz") as tar:
        tar.extractall(tmp_path / "bundle", filter="data")
    (tmp_path / "wrapper.rego").write_text(CONFTEST_WRAPPER, encoding="utf-8")
    snapshots = [json.loads(path.read_text(encoding="utf-8")) for path in fixture_snapshots()]
    snapshot = json.loads(generated["generated-200"].read_text(encoding="utf-8"))
    snapshots.append(dict(snapshot, workspaces=snapshot["workspaces"][:40]))
    documents = [workspace_input(entry, s) for s in snapshots for entry in s["workspaces"]]
    inputs = []
    for index, document in enumerate(documents):
        inputs.append(tmp_path / f"workspace-{index:03d}.json")
        inputs[-1].write_text(json.dumps(document), encoding="utf-8")
    run = subprocess.run(
        [conftest, "test", *map(str, inputs), "--policy", str(tmp_path / "bundle" / "policies"), "--policy", str(tmp_path / "wrapper.rego"),
         "--data", str(tmp_path / "bundle" / "data.json"), "--namespace", "conftest.amlscan", "--output", "json", "--no-fail"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    reports = {Path(report["filename"]).name: report for report in json.loads(run.stdout)}
    engine = embedded_engine(load_bundle(), {"params": parameter_defaults()})
    for path, document in zip(inputs, documents):
        expected = engine.evaluate(document)
        assert not [p for p, outcome in expected.items() if isinstance(outcome, RuleFailure)]
        report = reports[path.name]
        messages = [entry["msg"] for entry in (report.get("failures") or []) + (report.get("warnings") or [])]
        # Conftest reads its input files' numbers as float64 and prints a large integer in exponent form
        # (a Key Vault expiry, 1804492800, comes back as 1.8044928e+09): integral floats are integers.
        assert sorted(json.dumps(json.loads(m, parse_float=_number), sort_keys=True) for m in messages) == _canonical(expected), path.name  # type: ignore[arg-type]
