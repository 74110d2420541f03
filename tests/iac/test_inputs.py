"""Template, what-if and plan normalisation; lines in SARIF; CLI exit codes for bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.iac.discover import discover, iac_snapshot
from tests.iac.helpers import IAC, scan

TEMPLATE = str(IAC / "hipaa-workspace.json")
PARAMS = str(IAC / "hipaa-workspace.parameters.json")
DEFAULT = str(IAC / "default-workspace.json")
DEFAULT_PARAMS = str(IAC / "default-workspace.parameters.json")


def test_template_attaches_children_and_extensions_to_the_workspace() -> None:
    snap = iac_snapshot("arm-template", TEMPLATE, PARAMS)
    (entry,) = snap.data["workspaces"]
    ws_key = entry["id"].lower()
    assert entry["id"].endswith("/workspaces/mlw-oncology-prod")
    assert {c["properties"]["computeType"] for c in entry["computes"]["items"]} == {"ComputeInstance", "AmlCompute"}
    assert [d["name"] for d in entry["diagnostic_settings"][ws_key]["items"]] == ["diag-to-law"]
    assert entry["locks"][ws_key]["items"][0]["properties"]["level"] == "CanNotDelete"
    assert entry["role_assignments"][ws_key]["items"], "copy-loop role assignments land on the workspace"
    assert entry["private_endpoint_connections"]["items"][0]["properties"]["privateLinkServiceConnectionState"]["status"] == "Approved"
    assert entry["storage_account"]["resource"]["properties"]["publicNetworkAccess"] == "Disabled"
    # the key identifier comes from the parameters file; the client id needs reference() -> unresolved
    assert entry["workspace"]["resource"]["properties"]["encryption"]["keyVaultProperties"]["keyIdentifier"].startswith("https://kv-oncology-cmk")
    assert entry["workspace"]["unresolved"] == ["properties.encryption.keyVaultProperties.identityClientId"]
    assert "properties.tenantId" in entry["key_vault"]["unresolved"]


def test_template_without_parameters_leaves_values_unresolved_and_rules_unknown(tmp_path: Path) -> None:
    template = tmp_path / "t.json"
    template.write_text(json.dumps({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"name": {"type": "string"}, "pna": {"type": "string"}},
        "resources": [{"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2025-12-01", "name": "[parameters('name')]",
                       "properties": {"publicNetworkAccess": "[parameters('pna')]", "encryption": {"status": "Enabled", "keyVaultProperties": {"keyIdentifier": "[reference('k').keyUri]"}}}}],
    }, indent=2))
    code, results, _ = scan(tmp_path, "--template", str(template), "--fail-on", "none")
    assert code == 0
    by_rule = {r["rule_id"]: r["status"] for r in results["results"]}
    assert by_rule["AML-NET-001"] == "unknown" and by_rule["AML-ENC-001"] == "unknown"


def test_what_if_after_state_and_deletes(tmp_path: Path) -> None:
    snap = iac_snapshot("arm-what-if", str(IAC / "hipaa-workspace.what-if.json"))
    (entry,) = snap.data["workspaces"]
    assert entry["workspace"]["resource"]["properties"]["publicNetworkAccess"] == "Disabled"  # after, not before
    assert "stoldscratch01" not in json.dumps(snap.data)  # deleted resources are gone
    unsupported = tmp_path / "wi.json"
    unsupported.write_text(json.dumps({"status": "Succeeded", "changes": [
        {"resourceId": "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w", "changeType": "Create",
         "after": {"type": "Microsoft.MachineLearningServices/workspaces", "name": "w", "properties": {"publicNetworkAccess": "[parameters('x')]"}}}]}))
    entry = iac_snapshot("arm-what-if", str(unsupported)).data["workspaces"][0]
    assert entry["workspace"]["unresolved"] == ["properties.publicNetworkAccess"]


def test_plan_defaults_unknowns_and_module_references() -> None:
    (entry,) = iac_snapshot("terraform-plan", str(IAC / "default-workspace.tfplan.json")).data["workspaces"]
    ws = entry["workspace"]["resource"]
    # public_network_access_enabled is absent from the plan: the provider default (true) applies
    assert ws["properties"]["publicNetworkAccess"] == "Enabled"
    # storage_account_id is known after apply, but configuration references module.storage.id
    assert entry["storage_account"]["status"] == "ok"
    assert entry["storage_account"]["resource"]["name"] == ws["properties"]["storageAccount"].rsplit("/", 1)[1]
    assert ws["id"].startswith("/subscriptions/b81c4f27-6e3d-4a92-8f05-c7d1e9a3b264/")


def test_plan_unknown_without_reference_is_unresolved(tmp_path: Path) -> None:
    plan = json.loads((IAC / "default-workspace.tfplan.json").read_text())
    for change in plan["resource_changes"]:
        if change["type"] == "azurerm_machine_learning_workspace":
            change["change"]["after_unknown"]["public_network_access_enabled"] = True
    file = tmp_path / "plan.json"
    file.write_text(json.dumps(plan))
    entry = iac_snapshot("terraform-plan", str(file)).data["workspaces"][0]
    assert "properties.publicNetworkAccess" in entry["workspace"]["unresolved"]


def _net_result(sarif: dict) -> dict:
    return next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AML-NET-001")


def test_sarif_points_at_the_property_line_and_fingerprints_survive_line_moves(tmp_path: Path) -> None:
    explicit = tmp_path / "explicit.json"
    explicit.write_text(Path(DEFAULT).read_text().replace('"hbiWorkspace": false,', '"hbiWorkspace": false,\n        "publicNetworkAccess": "Enabled",', 1))
    code, _, sarif = scan(tmp_path, "--template", str(explicit), "--parameters", DEFAULT_PARAMS, "--fail-on", "none", name="a")
    assert code == 0
    lines = explicit.read_text().splitlines()
    result = _net_result(sarif)
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("explicit.json")
    assert '"publicNetworkAccess"' in lines[location["region"]["startLine"] - 1]
    # a rule whose evidence is not a single template line points at the workspace resource
    diag = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AML-LOG-001")
    region = diag["locations"][0]["physicalLocation"]["region"]
    assert '"type": "Microsoft.MachineLearningServices/workspaces"' in "\n".join(lines[region["startLine"] - 1 : region["startLine"] + 1])
    assert region["endLine"] > region["startLine"]
    # insert lines above everything: the line moves, the fingerprint does not
    moved = tmp_path / "moved.json"
    text = explicit.read_text()
    moved.write_text(text.replace('"contentVersion": "1.0.0.0",', '"contentVersion": "1.0.0.0",\n  "metadata2": {\n    "note": "moved"\n  },', 1))
    _, _, sarif2 = scan(tmp_path, "--template", str(moved), "--parameters", DEFAULT_PARAMS, "--fail-on", "none", name="b")
    moved_result = _net_result(sarif2)
    assert moved_result["locations"][0]["physicalLocation"]["region"]["startLine"] == location["region"]["startLine"] + 3
    assert moved_result["partialFingerprints"] == result["partialFingerprints"]


def test_bad_templates_exit_2_with_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "resources": [\n    {"type": "x",,}\n  ]\n}\n')
    assert scan(tmp_path, "--template", str(broken))[0] == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "line 3" in err[0] and "broken.json" in err[0]
    bad_expr = tmp_path / "expr.json"
    bad_expr.write_text(json.dumps({"resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "1", "name": "[concat('a'", "properties": {"x": "[nosuch()]"}}]}))
    assert scan(tmp_path, "--template", str(bad_expr))[0] == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nosuch" in err[0]
    assert scan(tmp_path, "--template", PARAMS)[0] == 2  # a parameters file is not a template
    assert "not an ARM template" in capsys.readouterr().err
    assert scan(tmp_path, "--plan", TEMPLATE)[0] == 2
    assert "not a Terraform plan" in capsys.readouterr().err
    assert scan(tmp_path, "--parameters", PARAMS)[0] == 2


def test_folder_discovery(tmp_path: Path) -> None:
    kinds = [(k, p.name, q.name if q else None) for k, p, q in discover(IAC)]
    assert ("arm-template", "hipaa-workspace.json", "hipaa-workspace.parameters.json") in kinds
    assert ("terraform-plan", "default-workspace.tfplan.json", None) in kinds
    assert ("arm-what-if", "hipaa-workspace.what-if.json", None) in kinds
    assert not any(name.endswith(".parameters.json") for _, name, _ in kinds)
    code, results, _ = scan(tmp_path, str(IAC), "--fail-on", "none")
    assert code == 0 and results["summary"]["workspaces"] == 5
    assert results["snapshot"]["source"]["discovery"] == "2 arm-template, 1 arm-what-if, 2 terraform-plan"


def test_every_normalised_fixture_validates_against_the_snapshot_schema() -> None:
    from scanner.snapshot.load import validate_snapshot

    for kind, file, params in discover(IAC):
        snap = iac_snapshot(kind, str(file), str(params) if params else None)
        validate_snapshot(snap.data, snap.path)
        assert snap.data["source"]["kind"] == kind and snap.data["collected_at"] == "1970-01-01T00:00:00Z"
        for entry in snap.data["workspaces"]:
            # every resource the rules can name has a source location
            assert entry["id"].lower() in entry["source_locations"]


def test_a_template_given_as_snapshot_argument_is_recognised(tmp_path: Path) -> None:
    code, results, _ = scan(tmp_path, DEFAULT, "--fail-on", "none")
    assert code == 0 and results["snapshot"]["source"]["kind"] == "arm-template"


def test_plan_and_what_if_results_point_into_their_files(tmp_path: Path) -> None:
    plan = IAC / "default-workspace.tfplan.json"
    _, _, sarif = scan(tmp_path, "--plan", str(plan), "--fail-on", "none", name="plan")
    lines = plan.read_text().splitlines()
    result = _net_result(sarif)
    region = result["locations"][0]["physicalLocation"]["region"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("default-workspace.tfplan.json")
    # the attribute is absent (provider default): the whole resource_changes entry of the workspace
    entry = "\n".join(lines[region["startLine"] - 1 : region["endLine"]])
    assert '"address": "azurerm_machine_learning_workspace.this"' in entry and region["endLine"] > region["startLine"]
    # a what-if result points at the property inside the change's after-state
    what_if = tmp_path / "wi.json"
    data = json.loads((IAC / "hipaa-workspace.what-if.json").read_text())
    data["changes"][0]["after"]["properties"]["publicNetworkAccess"] = "Enabled"
    what_if.write_text(json.dumps(data, indent=2))
    _, _, sarif = scan(tmp_path, "--what-if", str(what_if), "--fail-on", "none", name="wi")
    region = _net_result(sarif)["locations"][0]["physicalLocation"]["region"]
    line = what_if.read_text().splitlines()[region["startLine"] - 1]
    assert '"publicNetworkAccess": "Enabled"' in line
