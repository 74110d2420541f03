"""The compiled policy module: shipped for policies/, rebuilt to the same bytes, compiled on the fly
(and cached) for other policies, a clear usage error where that needs an `opa` there is none of,
and carried by the wheel and the sdist."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.evaluate import wasm_build
from scanner.evaluate.catalog import load_bundle
from tests.conftest import FIXTURES, POLICIES, ROOT
from tests.evaluate.wasm_support import require_opa


def test_shipped_module_was_built_from_the_current_policies() -> None:
    manifest = wasm_build.shipped_manifest()
    assert manifest is not None, f"no shipped module: run {wasm_build.REBUILD_COMMAND}"
    assert manifest["source_key"] == wasm_build.source_key(load_bundle(POLICIES)), (
        f"scanner/evaluate/compiled/policy.wasm is stale (policies/ changed since it was built): run {wasm_build.REBUILD_COMMAND}"
    )
    assert manifest["wasm_sha256"] == hashlib.sha256(wasm_build.SHIPPED_WASM.read_bytes()).hexdigest()


def test_rebuilding_gives_the_same_bytes(tmp_path: Path) -> None:
    """OPA's wasm output is byte-stable: same sources and OPA version, same module (also from
    another folder, which is why the build runs on relative paths)."""
    opa = require_opa()
    manifest = wasm_build.shipped_manifest() or {}
    version = wasm_build.opa_version(opa)
    if version != manifest.get("opa_version"):
        pytest.skip(f"opa {version} is not the pinned {manifest.get('opa_version')} the shipped module was built with")
    moved = tmp_path / "elsewhere"
    shutil.copytree(POLICIES, moved)
    assert wasm_build.compile_wasm(load_bundle(moved), opa) == wasm_build.SHIPPED_WASM.read_bytes()
    assert wasm_build.compile_wasm(load_bundle(POLICIES), opa) == wasm_build.SHIPPED_WASM.read_bytes()


def test_check_command_reports_a_stale_module(tmp_path: Path) -> None:
    changed = tmp_path / "policies"
    shutil.copytree(POLICIES, changed)
    rule = changed / "rules" / "workspace" / "public_network_access.rego"
    rule.write_text(rule.read_text(encoding="utf-8").replace("the workspace is reachable from the internet", "reachable"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "scanner.evaluate.wasm_build", "--check", "--policies", str(changed)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and wasm_build.REBUILD_COMMAND in done.stderr
    done = subprocess.run([sys.executable, "-m", "scanner.evaluate.wasm_build", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def _edited_policies(tmp_path: Path) -> Path:
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    rule = policies / "rules" / "workspace" / "public_network_access.rego"
    source = rule.read_text(encoding="utf-8")
    assert "the workspace is reachable from the internet" in source
    rule.write_text(source.replace("the workspace is reachable from the internet", "CUSTOM WORDING"), encoding="utf-8")
    return policies


def _messages(results: Path) -> set[str]:
    return {r["message"] for r in json.loads(results.read_text(encoding="utf-8"))["results"]}


def test_custom_policies_are_compiled_on_the_fly_and_cached(tmp_path: Path, monkeypatch) -> None:
    require_opa()
    cache = tmp_path / "cache"
    monkeypatch.setenv("AMLSCAN_CACHE_DIR", str(cache))
    policies = _edited_policies(tmp_path)
    argv = ["scan", str(FIXTURES / "service-defaults.json"), "--policies", str(policies), "--format", "json", "--fail-on", "none", "--quiet"]
    assert main(argv + ["--output-dir", str(tmp_path / "first")]) == 0
    assert any("CUSTOM WORDING" in m for m in _messages(tmp_path / "first" / "results.json"))
    cached = list((cache / "wasm").glob("*.wasm"))
    assert [p.stem for p in cached] == [wasm_build.source_key(load_bundle(policies))]
    # From the cache: no opa needed the second time.
    monkeypatch.setenv("AMLSCAN_OPA", str(tmp_path / "no-such-opa"))
    assert wasm_build.module_for(load_bundle(policies))[1] == "cache"
    assert main(argv + ["--output-dir", str(tmp_path / "second")]) == 0
    assert (tmp_path / "first" / "results.json").read_bytes() == (tmp_path / "second" / "results.json").read_bytes()


def test_custom_policies_without_opa_are_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("AMLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AMLSCAN_OPA", str(tmp_path / "no-such-opa"))
    policies = _edited_policies(tmp_path)
    out = tmp_path / "out"
    argv = ["scan", str(FIXTURES / "service-defaults.json"), "--policies", str(policies), "--output-dir", str(out), "--quiet"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "install OPA" not in err and "put `opa` on PATH" in err and "--engine opa" in err
    assert not out.exists()
    # The shipped policies need no opa.
    assert main(["scan", str(FIXTURES / "service-defaults.json"), "--output-dir", str(tmp_path / "shipped"), "--quiet", "--fail-on", "none"]) == 0


def test_wheel_and_sdist_carry_the_compiled_module_and_the_policies(tmp_path: Path) -> None:
    pytest.importorskip("build")
    # No --wheel/--sdist: the sdist first, then the wheel built from it, as a release is built. A
    # wheel built from the checkout would carry whatever a stale build/ folder holds (setuptools
    # copies into build/lib and never removes a file deleted since).
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    rules = sorted(p.relative_to(POLICIES).as_posix() for p in POLICIES.rglob("*") if p.is_file())
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"scanner/evaluate/compiled/policy.wasm", "scanner/evaluate/compiled/policy.json"} <= names
    assert {f"scanner/policies/{r}" for r in rules} <= names
    assert zipfile.ZipFile(wheel).read("scanner/evaluate/compiled/policy.wasm") == wasm_build.SHIPPED_WASM.read_bytes()
    (sdist,) = tmp_path.glob("*.tar.gz")
    members = {m.split("/", 1)[1] for m in tarfile.open(sdist).getnames() if "/" in m}
    assert "scanner/evaluate/compiled/policy.wasm" in members
    assert {f"policies/{r}" for r in rules} <= members

    # The installed wheel scans with its own policies and module, no opa anywhere: the same
    # results.json as this checkout. (Dependencies come from this environment; the package from
    # the wheel, installed into a folder that comes first on the path.)
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", "--target", str(site), str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    env = {key: value for key, value in os.environ.items() if key not in ("AMLSCAN_POLICIES", "PYTHONPATH")}
    env.update(PYTHONPATH=str(site), PATH=os.path.dirname(sys.executable), AMLSCAN_OPA=str(tmp_path / "no-such-opa"), AMLSCAN_CACHE_DIR=str(tmp_path / "cache"))
    out = tmp_path / "installed-scan"
    code = "import scanner, sys; from scanner.cli import main; print(scanner.__file__, file=sys.stderr); raise SystemExit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, "scan", str(FIXTURES / "mixed-forbidden.json"), "--format", "json", "--output-dir", str(out), "--fail-on", "none", "--quiet"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0].startswith(str(site))  # the wheel's package, not this checkout
    assert main(["scan", str(FIXTURES / "mixed-forbidden.json"), "--format", "json", "--output-dir", str(tmp_path / "checkout-scan"), "--fail-on", "none", "--quiet"]) == 0
    assert (out / "results.json").read_bytes() == (tmp_path / "checkout-scan" / "results.json").read_bytes()
