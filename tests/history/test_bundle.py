"""`amlscan bundle`: a standard OPA bundle whose manifest and contents match the policies."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from scanner.commands.bundle import build_bundle
from scanner.config import parameter_defaults
from scanner.evaluate.catalog import load_bundle
from scanner.evaluate.outcome import main_module
from tests.history.helpers import amlscan


def _members(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def test_bundle_command_manifest_and_contents(tmp_path: Path) -> None:
    output = tmp_path / "policies.tar.gz"
    assert amlscan("bundle", "--output", str(output)) == 0
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
    first, second = build_bundle(policies, params), build_bundle(policies, params)
    assert first == second
    assert json.loads(_members(first)["/data.json"]) == {"amlscan": {"params": params}}
    assert build_bundle(policies, {}) != first
