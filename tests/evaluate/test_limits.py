"""Bounded evaluation (issue 15): a time and an input-size limit per workspace, each giving `error`
results that name the cause, and workers that die with the scan."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scanner.evaluate import run
from scanner.evaluate.catalog import load_bundle
from tests.conftest import FIXTURES, ROOT


def _workspace(tags: int = 0, suffix: str = "") -> dict:
    entry = json.loads((FIXTURES / "service-defaults.json").read_text())["workspaces"][0]
    entry["id"] += suffix
    entry["workspace"]["resource"]["id"] = entry["id"]
    entry["workspace"]["resource"]["tags"] = {f"tag{i:05d}": f"value-{i}" for i in range(tags)}
    return entry


def _snapshot(*entries: dict) -> dict:
    doc = json.loads((FIXTURES / "service-defaults.json").read_text())
    doc["workspaces"] = list(entries)
    return doc


def test_a_workspace_over_the_input_size_limit_gets_error_results_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "WORKSPACE_BYTES", 200_000)
    big, small = _workspace(tags=8000, suffix="-big"), _workspace()
    results = list(run.evaluate_workspaces(load_bundle(None), _snapshot(big, small), {"params": {}}, workers=1))
    by_workspace = {ws: [r for r in results if r["workspace_id"] == ws] for ws in (big["id"], small["id"])}
    assert by_workspace[big["id"]] and all(r["status"] == "error" and "over the limit of 200,000 bytes per workspace" in r["message"] for r in by_workspace[big["id"]])
    assert not any(r["status"] == "error" for r in by_workspace[small["id"]])


# A rule whose work grows with the cube of the workspace's tag count and finds nothing: a
# workspace with 3,000 tags would keep the Wasm engine busy for minutes (400 tags: 1.3 s), one
# without tags for no time.
SLOW_RULE = """# METADATA
# title: Slow on tagged workspaces
# description: Loops over every triple of the workspace's tags.
# custom:
#   id: AML-TST-001
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(b)"]
#   remediation:
#     text: None.
package amlscan.rules.zz.slow

# METADATA
# entrypoint: true
results contains {"status": "pass", "resource_id": input.id, "resource_type": "Microsoft.MachineLearningServices/workspaces", "message": "done", "evidence": []} if {
	not endless
}

# Comparisons only: in Wasm, arithmetic or a range built per iteration would allocate on every
# step and exhaust the module's memory (an abort) long before the time limit.
tags := numbers.range(1, count(input.workspace.resource.tags))

endless if {
	some i in tags
	some j in tags
	some k in tags
	i < j
	j < k
	k < i
}
"""


def test_a_workspace_over_the_time_limit_gets_error_results_naming_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Custom policies with a deliberately slow rule, compiled by `opa` for the embedded engine
    (skips without it, except under AMLSCAN_REQUIRE_TOOLS=1): the worker evaluating the slow
    workspace is stopped at the limit, and only that workspace gets `error` results."""
    from tests.evaluate.wasm_support import require_opa

    require_opa()
    monkeypatch.setenv("AMLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies, ignore=shutil.ignore_patterns("*_test.rego"))
    (policies / "rules" / "zz").mkdir()
    (policies / "rules" / "zz" / "slow.rego").write_text(SLOW_RULE, encoding="utf-8")
    bundle = load_bundle(policies)
    monkeypatch.setattr(run, "WORKSPACE_SECONDS", 1.5)
    slow, quick = _workspace(tags=3000, suffix="-slow"), _workspace()
    started = time.monotonic()
    results = list(run.evaluate_workspaces(bundle, _snapshot(slow, quick), {"params": {}}, workers=1))
    assert time.monotonic() - started < 60
    slow_results = [r for r in results if r["workspace_id"] == slow["id"]]
    assert len(slow_results) == len(bundle.rules)
    assert all(r["status"] == "error" and "took longer than the limit of 1.5 s per workspace" in r["message"] for r in slow_results)
    quick_results = [r for r in results if r["workspace_id"] == quick["id"]]
    assert quick_results and not any(r["status"] == "error" for r in quick_results)
    assert any(r["rule_id"] == "AML-TST-001" and r["status"] == "pass" for r in quick_results)


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_scan(tmp_path: Path) -> None:
    # Enough workspaces to keep both workers busy for seconds (~4 ms each on the Wasm engine), so
    # the scan is killed mid-evaluation, with its workers holding work.
    snapshot = tmp_path / "many.json"
    snapshot.write_text(json.dumps(_snapshot(*(_workspace(suffix=f"-{i}") for i in range(1500)))))
    scan = subprocess.Popen([sys.executable, "-m", "scanner", "scan", str(snapshot), "--output-dir", str(tmp_path / "out"), "--workers", "2", "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    spawned: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(spawned) < 4:  # fork server, resource tracker, 2 workers
            time.sleep(0.2)
            spawned = _descendants(scan.pid)
        assert len(spawned) >= 4, spawned
        os.kill(scan.pid, signal.SIGKILL)
        assert scan.wait() == -signal.SIGKILL  # killed, not finished: the workers still had work
        assert not (tmp_path / "out" / "results.json").exists()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(p) for p in spawned):
            time.sleep(0.2)
        assert not [p for p in spawned if _alive(p)]
    finally:
        for pid in spawned | {scan.pid}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
