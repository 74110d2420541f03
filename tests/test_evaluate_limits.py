"""Bounded evaluation (issue 15): a time and an input-size limit per workspace, each giving `error`
results that name the cause, and workers that die with the scan."""

from __future__ import annotations

import json
import os
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


def test_a_workspace_over_the_time_limit_gets_error_results_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # 3,000 tags: rego-cpp builds objects and sets in time quadratic in their size (docs/writing-rules.md),
    # so the six rules that read tags take seconds each.
    monkeypatch.setattr(run, "WORKSPACE_SECONDS", 1.5)
    slow, quick = _workspace(tags=3000, suffix="-slow"), _workspace()
    started = time.monotonic()
    results = list(run.evaluate_workspaces(load_bundle(None), _snapshot(slow, quick), {"params": {}}, workers=1, engine="regopy"))
    assert time.monotonic() - started < 60
    slow_results = [r for r in results if r["workspace_id"] == slow["id"]]
    assert slow_results and all(r["status"] == "error" and "took longer than the limit of 1.5 s per workspace" in r["message"] for r in slow_results)
    assert [r for r in results if r["workspace_id"] == quick["id"]] and not any(r["status"] == "error" for r in results if r["workspace_id"] == quick["id"])


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
    snapshot = tmp_path / "slow.json"
    snapshot.write_text(json.dumps(_snapshot(*(_workspace(tags=2500, suffix=f"-{i}") for i in range(6)))))
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
        scan.wait()
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
