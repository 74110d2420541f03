"""Results on a compiled Bicep template point at the `.bicep` source where the compiled file lets
them be mapped, and say why not where it does not (bicep build writes no source map)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scanner.report.bicep_map import BicepMap, parse_declarations
from tests.conftest import ROOT
from tests.gate.helpers import IAC, run

SOURCE = ROOT / "tests" / "ci" / "consumer" / "infra" / "main.bicep"


def project(tmp_path: Path, with_source: bool = True) -> Path:
    infra = tmp_path / "infra"
    infra.mkdir(parents=True)
    shutil.copy(IAC / "default-workspace.json", infra / "main.json")  # what `bicep build infra/main.bicep` writes
    shutil.copy(IAC / "default-workspace.parameters.json", infra / "main.parameters.json")
    if with_source:
        shutil.copy(SOURCE, infra / "main.bicep")
    return infra


def scan(capsys: pytest.CaptureFixture[str], tmp_path: Path, infra: Path) -> tuple[dict, dict]:
    got = run(capsys, tmp_path / "out", "--template", str(infra / "main.json"), "--parameters", str(infra / "main.parameters.json"), "--fail-on", "none")
    return got.results(), json.loads(got.text("amlscan.sarif"))


def test_results_point_at_the_bicep_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    infra = project(tmp_path)
    document, sarif = scan(capsys, tmp_path, Path("infra"))
    lines = (infra / "main.bicep").read_text(encoding="utf-8").splitlines()
    failing = [r for r in document["results"] if r["status"] == "fail"]
    assert failing and all(r["location"]["file"] == "infra/main.bicep" for r in failing)
    for result in failing:
        line = lines[result["location"]["line"] - 1]
        keys = {str(e["path"]).rsplit(".", 1)[-1] for e in result["evidence"]}
        # the property's own line when the source sets it, else the resource's declaration
        assert line.strip().split(":")[0] in keys or line.strip().startswith("resource "), (result["rule_id"], line)
        assert result["location"]["compiled"].startswith("infra/main.json:")
    by_rule = {r["rule_id"]: r for r in failing}
    assert lines[by_rule["AML-ACR-001"]["location"]["line"] - 1].strip() == "adminUserEnabled: true"
    assert lines[by_rule["AML-CMP-004"]["location"]["line"] - 1].strip() == "sshPublicAccess: 'Enabled'"  # a nested child resource
    assert lines[by_rule["AML-NET-001"]["location"]["line"] - 1].startswith("resource workspace ")  # not set: the declaration
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"infra/main.bicep"}
    assert not any("locationNote" in r["properties"] for r in sarif["runs"][0]["results"])


def test_without_the_source_the_compiled_line_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    project(tmp_path, with_source=False)
    document, sarif = scan(capsys, tmp_path, Path("infra"))
    failing = [r for r in document["results"] if r["status"] == "fail"]
    assert all(r["location"]["file"] == "infra/main.json" and "no main.bicep beside it" in r["location"]["note"] for r in failing)
    notes = {r["properties"].get("locationNote") for r in sarif["runs"][0]["results"]}
    assert len(notes) == 1 and "compiled from Bicep" in notes.pop()


def test_a_template_not_built_by_bicep_has_no_note(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    infra = project(tmp_path)
    template = json.loads((infra / "main.json").read_text(encoding="utf-8"))
    del template["metadata"]["_generator"]
    (infra / "main.json").write_text(json.dumps(template, indent=2), encoding="utf-8")
    document, _ = scan(capsys, tmp_path, Path("infra"))
    assert all(r["location"]["file"] == "infra/main.json" and "note" not in r["location"] for r in document["results"] if "location" in r)


def test_a_type_declared_a_different_number_of_times_is_not_guessed(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    infra = project(tmp_path)
    source = (infra / "main.bicep").read_text(encoding="utf-8")
    (infra / "main.bicep").write_text(source + "\nresource second 'Microsoft.Storage/storageAccounts@2025-01-01' = {\n  name: 'other'\n}\n", encoding="utf-8")
    document, _ = scan(capsys, tmp_path, Path("infra"))
    storage = [r for r in document["results"] if r["resource_type"].lower() == "microsoft.storage/storageaccounts" and r["status"] == "fail"]
    assert storage and all(r["location"]["file"] == "infra/main.json" and "2 declaration(s)" in r["location"]["note"] for r in storage)
    workspace = next(r for r in document["results"] if r["rule_id"] == "AML-NET-001")
    assert workspace["location"]["file"] == "infra/main.bicep"  # the other types still map


def test_symbolic_names_and_modules(tmp_path: Path) -> None:
    compiled = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "languageVersion": "2.0",
        "metadata": {"_generator": {"name": "bicep", "version": "0.39.26.7824"}},
        "resources": {
            "vault": {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2024-11-01", "name": "kv", "properties": {"enableRbacAuthorization": False}},
            "net": {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "net",
                    "properties": {"template": {"resources": {"inner": {"type": "Microsoft.Network/privateEndpoints", "apiVersion": "2023-05-01", "name": "pe"}}}}},
        },
    }
    text = json.dumps(compiled, indent=2)
    (tmp_path / "main.json").write_text(text, encoding="utf-8")
    (tmp_path / "main.bicep").write_text("module net 'net.bicep' = {\n  name: 'net'\n}\n\nresource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {\n"
                                         "  name: 'kv'\n  properties: {\n    enableRbacAuthorization: false\n  }\n}\n", encoding="utf-8")
    mapping = BicepMap(tmp_path / "main.json")
    lines = text.splitlines()
    vault_line = next(i for i, line in enumerate(lines, 1) if '"vault"' in line)
    inner_line = next(i for i, line in enumerate(lines, 1) if '"inner"' in line)
    mapped, why = mapping.map(vault_line, "properties.enableRbacAuthorization")
    assert why is None and (mapped.file.endswith("main.bicep"), mapped.line) == (True, 8)
    mapped, why = mapping.map(inner_line, None)
    assert mapped is None and "declared in a Bicep module" in why


def test_declarations_skip_existing_and_strings() -> None:
    text = ("resource old 'Microsoft.KeyVault/vaults@2024-11-01' existing = {\n  name: 'kv'\n}\n"
            "resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {\n  name: '}{'\n  // }\n"
            "  resource c 'computes' = {\n    name: 'x'\n  }\n}\n")
    found = parse_declarations(text)
    assert [(d.symbol, d.type, d.start, d.end) for d in found] == [
        ("ws", "microsoft.machinelearningservices/workspaces", 4, 10),
        ("c", "microsoft.machinelearningservices/workspaces/computes", 7, 9),
    ]
