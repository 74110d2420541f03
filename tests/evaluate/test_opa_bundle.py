"""`amlscan opa-bundle`: a standard OPA bundle whose manifest and contents match the policies."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from scanner.config import parameter_defaults
from scanner.evaluate.catalog import load_bundle
from scanner.evaluate.opa_bundle import build_opa_bundle
from scanner.evaluate.outcome import main_module
from tests.history.helpers import amlscan


def _members(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def test_bundle_command_manifest_and_contents(tmp_path: Path) -> None:
    output = tmp_path / "policies.tar.gz"
    assert amlscan("opa-bundle", "--output", str(output)) == 0
    files = _members(output.read_bytes())
    policies = load_bundle()
    manifest = json.loads(files["/.manifest"])
    assert manifest["roots"] == ["amlscan"]
    assert manifest["revision"] == f"{policies.version}+{policies.sha256[:12]}"
    assert manifest["metadata"]["sha256"] == policies.sha256
    rego = {name.removeprefix("/policies/"): body.decode() for name, body in files.items() if name.endswith(".rego")}
    main = rego.pop("amlscan/main.rego")
    assert rego == policies.modules  # every module, unchanged, and no tests
    assert not any(name.endswith("_test.rego") for name in files)
    assert main == main_module(sorted(r.package for r in policies.rules))
    for rule in policies.rules:
        assert f"data.{rule.package}.results" in main
    assert json.loads(files["/data.json"]) == {"amlscan": {"params": parameter_defaults()}}
    # every package lies under a declared root, as OPA requires
    for body in rego.values():
        package = next(line.split()[1] for line in body.splitlines() if line.startswith("package "))
        assert package.split(".")[0] in manifest["roots"]


def test_bundle_carries_parameters_and_is_reproducible(tmp_path: Path) -> None:
    policies = load_bundle()
    params = {"allowed_regions": ["westeurope"], "retention_days": 90}
    first, second = build_opa_bundle(policies, params), build_opa_bundle(policies, params)
    assert first == second
    assert json.loads(_members(first)["/data.json"]) == {"amlscan": {"params": params}}
    assert build_opa_bundle(policies, {}) != first


def test_the_old_command_name_still_works_with_a_deprecation_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`amlscan bundle` (before it was named opa-bundle) is kept for CI scripts: same bytes, one warning line."""
    new, old = tmp_path / "new.tar.gz", tmp_path / "old.tar.gz"
    assert amlscan("opa-bundle", "--output", str(new)) == 0
    assert "deprecated" not in capsys.readouterr().err
    assert amlscan("bundle", "--output", str(old)) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "amlscan: warning: `amlscan bundle` is deprecated and will be removed; use `amlscan opa-bundle`"
    assert len(err) == 2 and err[1].startswith(f"amlscan: wrote {old}")
    assert old.read_bytes() == new.read_bytes()
