"""Templates that add children to a workspace they do not declare (a pull request adding a
compute, datastore, connection or endpoint) are judged by the children's own rules; rules that
need the workspace itself say unknown, naming what the template lacks. Input that declares
nothing of Azure Machine Learning is still refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.iac.arm_template import template_snapshot
from tests.iac.helpers import scan

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
ML = "Microsoft.MachineLearningServices/workspaces"
INSTANCE_SSH_OPEN = {"computeType": "ComputeInstance", "properties": {"vmSize": "Standard_DS3_v2", "sshSettings": {"sshPublicAccess": "Enabled"}}}


def write(tmp_path: Path, template: dict[str, Any]) -> Path:
    path = tmp_path / "pr.json"
    path.write_text(json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", **template}, indent=2))
    return path


def by_rule(results: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for result in results["results"]:
        out.setdefault(result["rule_id"], []).append(result)
    return out


FORMS = {
    # a child named workspaces/x/computes/y, as `parent:` compiles in Bicep
    "by name": {"parameters": {"workspaceName": {"type": "string", "defaultValue": "mlw-shared"}},
                "resources": [{"type": f"{ML}/computes", "apiVersion": "2025-12-01", "name": "[format('{0}/{1}', parameters('workspaceName'), 'ci-pr')]",
                               "location": "westeurope", "properties": INSTANCE_SSH_OPEN}]},
    # nested under an `existing` workspace declaration
    "nested under existing": {"resources": [{"type": ML, "apiVersion": "2025-12-01", "name": "mlw-shared", "existing": True,
                                             "resources": [{"type": "computes", "apiVersion": "2025-12-01", "name": "ci-pr",
                                                            "location": "westeurope", "properties": INSTANCE_SSH_OPEN}]}]},
    # symbolic names: an existing workspace and a compute under it
    "symbolic existing": {"languageVersion": "2.0", "resources": {
        "ws": {"type": ML, "apiVersion": "2025-12-01", "name": "mlw-shared", "existing": True},
        "ci": {"type": f"{ML}/computes", "apiVersion": "2025-12-01", "name": "[format('{0}/{1}', 'mlw-shared', 'ci-pr')]",
               "location": "westeurope", "properties": INSTANCE_SSH_OPEN, "dependsOn": ["ws"]}}},
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_compute_with_ssh_open_under_an_existing_workspace_fails_the_gate(tmp_path: Path, form: str) -> None:
    code, results, sarif = scan(tmp_path, "--template", str(write(tmp_path, FORMS[form])))
    assert code == 1
    rules = by_rule(results)
    (ssh,) = rules["AML-CMP-004"]
    assert ssh["status"] == "fail" and ssh["resource_id"].endswith("/workspaces/mlw-shared/computes/ci-pr")
    assert ssh["evidence"][0]["found"] == "Enabled"
    (network,) = rules["AML-NET-001"]  # needs the workspace itself
    assert network["status"] == "unknown" and "workspace mlw-shared" in network["message"]
    assert "not in this infrastructure code" in network["message"]
    located = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AML-CMP-004"]
    assert located and located[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("pr.json")


def test_the_snapshot_names_the_workspace_it_does_not_hold(tmp_path: Path) -> None:
    (entry,) = template_snapshot(write(tmp_path, FORMS["symbolic existing"]))["workspaces"]
    assert entry["id"].endswith("/providers/Microsoft.MachineLearningServices/workspaces/mlw-shared")
    section = entry["workspace"]
    assert section["status"] == "error" and section["resource"] is None and section["resource_id"] == entry["id"]
    assert "declared `existing`" in section["message"]
    assert entry["storage_account"]["status"] == "error" and entry["computes"]["status"] == "ok"
    assert [c["name"] for c in entry["computes"]["items"]] == ["ci-pr"]


def test_datastores_connections_and_endpoints_get_their_own_verdicts(tmp_path: Path) -> None:
    base = "[format('{0}/{1}', 'mlw-shared', '%s')]"
    template = {"resources": [
        {"type": f"{ML}/datastores", "apiVersion": "2025-12-01", "name": base % "blob_pr",
         "properties": {"datastoreType": "AzureBlob", "accountName": "st", "containerName": "c", "credentials": {"credentialsType": "AccountKey", "secrets": {"secretsType": "AccountKey", "key": "c2VjcmV0LWFjY291bnQta2V5"}}}},
        {"type": f"{ML}/connections", "apiVersion": "2025-12-01", "name": base % "aoai", "properties": {"category": "AzureOpenAI", "authType": "AAD", "target": "https://x"}},
        {"type": f"{ML}/onlineEndpoints", "apiVersion": "2025-12-01", "name": base % "ep", "location": "westeurope",
         "properties": {"authMode": "Key", "publicNetworkAccess": "Enabled"}},
    ]}
    code, results, _ = scan(tmp_path, "--template", str(write(tmp_path, template)))
    assert code == 1
    status = {r["rule_id"]: r["status"] for r in results["results"] if "/workspaces/mlw-shared/" in r["resource_id"]}
    assert status["AML-DST-001"] == "fail" and status["AML-CON-001"] == "pass" and status["AML-EPT-002"] == "fail"
    assert "c2VjcmV0LWFjY291bnQta2V5" not in json.dumps(results)  # secrets never reach a report


def test_a_template_declaring_nothing_of_azure_ml_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = {"resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st", "location": "westeurope",
                               "kind": "StorageV2", "sku": {"name": "Standard_LRS"}, "properties": {}}]}
    code, _, _ = scan(tmp_path, "--template", str(write(tmp_path, template)))
    assert code == 2 and "nothing was scanned" in capsys.readouterr().err
