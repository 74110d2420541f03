"""Evaluation in worker processes: streaming with a bound on work in flight, crash isolation.

The crash is simulated by a worker that exits hard on one workspace (what the kernel's OOM killer
or a crash in native code does to the pool; the Wasm module itself cannot take the process down,
docs/engines.md). The crash test runs the workers with the fork start method so the patched
engine reaches them; the pool logic under test is the same for every start method.
"""

from __future__ import annotations

import os

import pytest

from scanner.evaluate import run
from scanner.evaluate.catalog import load_bundle

RULE = '''# METADATA
# title: Workspace public network access is disabled
# description: Test rule.
# custom:
#   id: AML-TST-001
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(e)(1)"]
#   remediation:
#     text: Disable it.
package amlscan.rules.test_public

import rego.v1

results contains {"status": "pass", "resource_id": input.id, "message": "ok", "evidence": [{"path": "properties.publicNetworkAccess", "found": "Disabled", "expected": "Disabled"}]} if {
	input.workspace.resource.properties.publicNetworkAccess == "Disabled"
}

results contains {"status": "fail", "resource_id": input.id, "message": "open", "evidence": [{"path": "properties.publicNetworkAccess", "found": input.workspace.resource.properties.publicNetworkAccess, "expected": "Disabled"}]} if {
	input.workspace.resource.properties.publicNetworkAccess != "Disabled"
}
'''


@pytest.fixture(autouse=True)
def compiled_with_opa(monkeypatch, tmp_path_factory) -> None:
    """The embedded engine compiles this custom bundle with `opa` (skips without one)."""
    from tests.evaluate.wasm_support import require_opa

    require_opa()
    monkeypatch.setenv("AMLSCAN_CACHE_DIR", str(tmp_path_factory.mktemp("wasm-cache")))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("policies")
    (root / "rules").mkdir()
    (root / "rules" / "test_public.rego").write_text(RULE, encoding="utf-8")
    return load_bundle(root)


def snapshot(n: int) -> dict:
    workspaces = []
    for i in range(n):
        wid = f"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws-{i:04d}"
        access = "Disabled" if i % 3 else "Enabled"
        workspaces.append({"id": wid, "workspace": {"status": "ok", "resource": {"id": wid, "properties": {"publicNetworkAccess": access}}}})
    return {"schema_version": "1", "subscriptions": [{"subscription_id": "00000000-0000-0000-0000-000000000001"}], "workspaces": workspaces}


def test_every_workspace_judged_once_with_its_own_verdict(bundle):
    snap = snapshot(37)
    results = list(run.evaluate_workspaces(bundle, snap, workers=2, chunk_size=4))
    assert sorted(r["workspace_id"] for r in results) == sorted(w["id"] for w in snap["workspaces"])
    for r in results:
        expected = "fail" if int(r["workspace_id"][-4:]) % 3 == 0 else "pass"
        assert r["status"] == expected, r
        assert r["title"] == "Workspace public network access is disabled"
        assert r["severity"] == "high" and r["frameworks"] == {"hipaa": ["164.312(e)(1)"]}
        assert r["remediation"] == {"text": "Disable it."}


def test_inputs_are_built_lazily_with_a_bounded_number_in_flight(bundle, monkeypatch):
    built = []
    original = run.workspace_input

    def counting(entry, snap, subscriptions=None):
        built.append(entry["id"])
        return original(entry, snap, subscriptions)

    monkeypatch.setattr(run, "workspace_input", counting)
    results = run.evaluate_workspaces(bundle, snapshot(200), workers=2, chunk_size=4)
    first = next(iter(results))
    assert first["workspace_id"].endswith("ws-0000")
    bound = 2 * run.CHUNKS_IN_FLIGHT_PER_WORKER * 4 + 4
    assert len(built) <= bound, f"{len(built)} inputs built before the first result (bound {bound})"
    rest = list(results)
    assert len(rest) == 199 and len(built) == 200


def test_a_worker_crash_costs_only_the_culprit_an_error(bundle, monkeypatch):
    from scanner.evaluate.wasm_engine import WasmEngine as Engine

    original = Engine.evaluate

    def crashing(self, document):
        if document["id"].endswith("ws-0013"):
            os._exit(139)  # what a native segfault does to the worker
        return original(self, document)

    monkeypatch.setattr(run, "START_METHOD", "fork")
    monkeypatch.setattr(Engine, "evaluate", crashing)
    snap = snapshot(40)
    results = list(run.evaluate_workspaces(bundle, snap, workers=2, chunk_size=3))
    by_ws = {}
    for r in results:
        by_ws.setdefault(r["workspace_id"].rsplit("-", 1)[-1], []).append(r)
    assert sorted(by_ws) == [f"{i:04d}" for i in range(40)]  # nobody lost, nobody twice
    assert [r["status"] for r in by_ws["0013"]] == ["error"]
    assert "crashed" in by_ws["0013"][0]["message"]
    for key, rs in by_ws.items():
        if key != "0013":
            assert len(rs) == 1 and rs[0]["status"] in ("pass", "fail"), (key, rs)
