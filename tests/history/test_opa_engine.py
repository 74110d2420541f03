"""`--engine opa` gives the embedded engine's results: on a real `opa` where installed, else on a protocol stand-in."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from scanner.config import parameter_defaults
from tests.history.helpers import FIXTURES, ROOT, amlscan

FIXTURE_FILES = sorted(FIXTURES.glob("*.json"))


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        assert process.poll() is None, "the OPA server exited: " + (process.stderr.read().decode() if process.stderr else "")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not become healthy within 30 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _fake_server(*args: str) -> tuple[subprocess.Popen[bytes], str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "tests.history.fake_opa", *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    port = process.stdout.readline().decode().strip()
    assert port.isdigit(), process.stderr.read().decode() if process.stderr else port
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process)
    return process, url


@pytest.fixture()
def fake_opa() -> Iterator[str]:
    process, url = _fake_server()
    yield url
    _stop(process)


@pytest.fixture(scope="module")
def real_opa() -> Iterator[str]:
    binary = shutil.which("opa")
    if binary is None:
        pytest.skip("no `opa` binary on PATH (no registry this project can reach ships one: see docs/history.md); "
                    "the protocol stand-in tests below still run")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([binary, "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level", "error"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_healthy(url, process)
    yield url
    _stop(process)


def _results(tmp: Path, snapshot: Path, *engine: str) -> dict:
    out = tmp / ("opa" if engine else "embedded")
    code = amlscan("scan", str(snapshot), "--output-dir", str(out), "--format", "json", "--fail-on", "none", "--workers", "1", "--quiet", *engine)
    assert code == 0, f"scan with {engine or 'embedded'} exited {code}"
    return json.loads((out / "results.json").read_text())


def _assert_identical(embedded: dict, opa: dict) -> None:
    assert opa["results"] == embedded["results"]
    assert opa["summary"] == embedded["summary"]
    assert embedded["results"], "the fixture produced results"


@pytest.mark.parametrize("snapshot", FIXTURE_FILES, ids=lambda p: p.stem)
def test_real_opa_matches_embedded(real_opa: str, snapshot: Path, tmp_path: Path) -> None:
    _assert_identical(_results(tmp_path, snapshot), _results(tmp_path, snapshot, "--engine", "opa", "--opa-url", real_opa))


@pytest.mark.parametrize("snapshot", FIXTURE_FILES, ids=lambda p: p.stem)
def test_opa_protocol_matches_embedded(fake_opa: str, snapshot: Path, tmp_path: Path) -> None:
    _assert_identical(_results(tmp_path, snapshot), _results(tmp_path, snapshot, "--engine", "opa", "--opa-url", fake_opa))
    with urllib.request.urlopen(fake_opa + "/_log") as response:
        state = json.load(response)
    assert "amlscan/<generated>/main.rego" in state["policies"]
    assert any(p.startswith("amlscan/rules/") for p in state["policies"])
    assert state["data"] == {"amlscan": {"params": parameter_defaults()}}
    queries = [entry for entry in state["log"] if entry["op"] == "query"]
    workspaces = len(json.loads(snapshot.read_text())["workspaces"])
    assert [q["path"] for q in queries] == ["amlscan/main/results"] * workspaces
    assert all(q["params"] == {"strict-builtin-errors": "true"} for q in queries)


def test_stale_policies_are_removed_on_push(fake_opa: str, tmp_path: Path) -> None:
    request = urllib.request.Request(fake_opa + "/v1/policies/amlscan/rules/gone.rego", data=b"package amlscan.rules.gone\n", method="PUT")
    urllib.request.urlopen(request).close()
    other = urllib.request.Request(fake_opa + "/v1/policies/someone-else.rego", data=b"package other\n", method="PUT")
    urllib.request.urlopen(other).close()
    _results(tmp_path, FIXTURE_FILES[0], "--engine", "opa", "--opa-url", fake_opa)
    with urllib.request.urlopen(fake_opa + "/_log") as response:
        policies = json.load(response)["policies"]
    assert "amlscan/rules/gone.rego" not in policies
    assert "someone-else.rego" in policies  # not ours: left alone


def test_preloaded_bundle_matches_embedded(tmp_path: Path) -> None:
    bundle = tmp_path / "policies.tar.gz"
    assert amlscan("bundle", "--output", str(bundle)) == 0
    process, url = _fake_server(str(bundle))
    try:
        snapshot = FIXTURES / "mixed-forbidden.json"
        _assert_identical(_results(tmp_path, snapshot), _results(tmp_path, snapshot, "--engine", "opa", "--opa-url", url, "--opa-preloaded"))
        with urllib.request.urlopen(url + "/_log") as response:
            log = json.load(response)["log"]
        assert not [entry for entry in log if entry["op"] != "query"], "nothing is pushed to a preloaded server"
    finally:
        _stop(process)


def test_unreachable_opa_is_a_runtime_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = amlscan("scan", str(FIXTURE_FILES[0]), "--output-dir", str(tmp_path), "--engine", "opa", "--opa-url", f"http://127.0.0.1:{port}", "--quiet")
    assert code == 3
    assert f"OPA server at http://127.0.0.1:{port}/v1" in capsys.readouterr().err
