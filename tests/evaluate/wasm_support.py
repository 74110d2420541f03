"""Helpers for the Wasm engine tests: a real `opa` (skip with a reason where there is none), small
policies compiled by it to Wasm, and the same queries asked of `opa eval` for comparison."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest

from scanner.evaluate.wasm_build import find_opa


def require_opa() -> Path:
    """The `opa` the engine would compile with; skips without one, fails instead under
    AMLSCAN_REQUIRE_TOOLS=1 (CI, where .ci/install-tools.sh put it on PATH)."""
    opa = find_opa()
    if opa is None:
        reason = "opa not found (PATH, $AMLSCAN_OPA or .tools/bin/opa from .ci/install-tools.sh opa)"
        if os.environ.get("AMLSCAN_REQUIRE_TOOLS") == "1":
            pytest.fail(reason + " and AMLSCAN_REQUIRE_TOOLS=1")
        pytest.skip(reason)
    return opa


def compile_policy(tmp: Path, source: str, entrypoints: list[str]) -> bytes:
    """policy.wasm of one Rego module, compiled by the real `opa build -t wasm`."""
    opa = require_opa()
    src = tmp / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "policy.rego").write_text(source, encoding="utf-8")
    command = [str(opa), "build", "-t", "wasm", "-o", str(tmp / "bundle.tar.gz")]
    for entrypoint in entrypoints:
        command += ["-e", entrypoint]
    subprocess.run(command + ["."], cwd=src, check=True, capture_output=True, timeout=120)
    with tarfile.open(tmp / "bundle.tar.gz") as archive:
        member = next(m for m in archive.getmembers() if m.name.lstrip("/") == "policy.wasm")
        handle = archive.extractfile(member)
        assert handle is not None
        return handle.read()


def wasm_policy(wasm: bytes, data: Any = None) -> Any:
    import wasmtime

    from scanner.evaluate.wasm import WasmPolicy
    from scanner.evaluate.wasm_builtins import HOST_BUILTINS

    engine = wasmtime.Engine()
    return WasmPolicy(engine, wasmtime.Module(engine, wasm), data or {}, HOST_BUILTINS)


def opa_eval(tmp: Path, source: str, query: str, input_value: Any, extra: list[Path] | None = None) -> Any:
    """The value of `query` in real OPA (`opa eval`), or None when undefined; `extra` are more
    files or folders to load (`-d`)."""
    opa = require_opa()
    (tmp / "ref.rego").write_text(source, encoding="utf-8")
    (tmp / "input.json").write_text(json.dumps(input_value), encoding="utf-8")
    loads = [arg for path in [tmp / "ref.rego", *(extra or [])] for arg in ("-d", str(path))]
    done = subprocess.run([str(opa), "eval", "-f", "json", *loads, "-i", str(tmp / "input.json"), query],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout).get("result") or []
    return result[0]["expressions"][0]["value"] if result else None
