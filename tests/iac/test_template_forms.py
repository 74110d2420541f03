"""Template forms `bicep build` emits beyond the fixtures: modules as nested deployments, symbolic
names, the older `<type>/providers/<extension>` extension form; line numbers of properties."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.iac.arm_template import template_resources
from scanner.iac.assemble import assemble

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
WS = {"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2025-12-01", "name": "[parameters('name')]",
      "location": "westeurope", "properties": {"publicNetworkAccess": "[parameters('pna')]"}}


def write(tmp_path: Path, template: dict) -> Path:
    path = tmp_path / "main.json"
    path.write_text(json.dumps(template, indent=2))
    return path


def test_module_as_nested_deployment_with_inner_scope(tmp_path: Path) -> None:
    module = {"$schema": SCHEMA, "contentVersion": "1.0.0.0",
              "parameters": {"name": {"type": "string"}, "pna": {"type": "string", "defaultValue": "Enabled"}},
              "resources": [WS]}
    main = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": {"env": {"type": "string", "defaultValue": "prod"}},
            "resources": [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "ws-module", "resourceGroup": "rg-ml",
                           "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "mode": "Incremental",
                                          "parameters": {"name": {"value": "[format('mlw-{0}', parameters('env'))]"},
                                                         "pna": {"value": "[if(equals(parameters('env'), 'prod'), 'Disabled', 'Enabled')]"}},
                                          "template": module}}]}
    path = write(tmp_path, main)
    (ws,) = template_resources(path)
    assert ws.id.endswith("/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod")
    assert ws.resource["properties"]["publicNetworkAccess"] == "Disabled"
    line = ws.location["properties"]["properties.publicNetworkAccess"]
    assert '"publicNetworkAccess"' in path.read_text().splitlines()[line - 1]


def test_symbolic_names_existing_and_legacy_extension_form(tmp_path: Path) -> None:
    template = {"$schema": SCHEMA, "languageVersion": "2.0", "contentVersion": "1.0.0.0",
                "parameters": {"name": {"type": "string", "defaultValue": "mlw"}, "pna": {"type": "string", "defaultValue": "Disabled"}},
                "resources": {
                    "ws": WS,
                    "kv": {"existing": True, "type": "Microsoft.KeyVault/vaults", "apiVersion": "2024-11-01", "name": "kv-shared"},
                    "diag": {"type": "Microsoft.MachineLearningServices/workspaces/providers/diagnosticSettings", "apiVersion": "2021-05-01-preview",
                             "name": "[concat(parameters('name'), '/Microsoft.Insights/', 'to-law')]",
                             "properties": {"workspaceId": "/law", "logs": [{"categoryGroup": "audit", "enabled": True}]}}}}
    resources = template_resources(write(tmp_path, template))
    assert [r.type for r in resources if not r.existing] == ["microsoft.machinelearningservices/workspaces", "microsoft.insights/diagnosticsettings"]
    assert [r.id.rsplit("/", 1)[-1] for r in resources if r.existing] == ["kv-shared"]  # named, not judged
    entry = assemble(resources, "arm-template", "main.json")["workspaces"][0]
    (setting,) = entry["diagnostic_settings"][entry["id"].lower()]["items"]
    assert setting["id"] == entry["id"] + "/providers/Microsoft.Insights/diagnosticSettings/to-law"


def test_condition_false_drops_the_resource_and_unknown_count_is_an_error(tmp_path: Path) -> None:
    template = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": {"name": {"type": "string", "defaultValue": "w"}, "pna": {"type": "string", "defaultValue": "Disabled"}},
                "resources": [WS, {**WS, "name": "other", "condition": "[equals(parameters('name'), 'x')]"}]}
    assert len(template_resources(write(tmp_path, template))) == 1
    template["resources"].append({**WS, "name": "[format('w{0}', copyIndex())]", "copy": {"name": "c", "count": "[length(reference('x').items)]"}})
    import pytest

    from scanner.errors import UsageError

    with pytest.raises(UsageError, match="count cannot be resolved"):
        template_resources(write(tmp_path, template))


def test_secrets_in_templates_are_redacted(tmp_path: Path) -> None:
    connection = {"type": "Microsoft.MachineLearningServices/workspaces/connections", "apiVersion": "2025-12-01", "name": "[format('{0}/aoai', parameters('name'))]",
                  "properties": {"category": "AzureOpenAI", "authType": "ApiKey", "credentials": {"key": "sk-0123456789abcdef0123456789abcdef"},
                                 "metadata": {"ConnectionString": "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123=="}}}
    template = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": {"name": {"type": "string", "defaultValue": "w"}, "pna": {"type": "string", "defaultValue": "Disabled"}},
                "resources": [WS, connection]}
    entry = assemble(template_resources(write(tmp_path, template)), "arm-template", "main.json")["workspaces"][0]
    text = json.dumps(entry)
    assert "sk-0123456789abcdef" not in text and "AccountKey=abc123" not in text
    assert entry["connections"]["items"][0]["properties"]["authType"] == "ApiKey"


def test_blob_service_declared_or_unknown(tmp_path: Path) -> None:
    storage = {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2025-01-01", "name": "st1", "location": "westeurope", "kind": "StorageV2",
               "sku": {"name": "Standard_LRS"}, "properties": {}}
    ws = {**WS, "properties": {**WS["properties"], "storageAccount": "[resourceId('Microsoft.Storage/storageAccounts', 'st1')]"}}
    template = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": {"name": {"type": "string", "defaultValue": "w"}, "pna": {"type": "string", "defaultValue": "Disabled"}},
                "resources": [ws, storage]}
    entry = assemble(template_resources(write(tmp_path, template)), "arm-template", "main.json")["workspaces"][0]
    assert entry["blob_service"]["status"] == "error" and "not declared" in entry["blob_service"]["message"]
    storage["resources"] = [{"type": "blobServices", "apiVersion": "2025-01-01", "name": "default",
                             "properties": {"deleteRetentionPolicy": {"enabled": True, "days": 14}, "isVersioningEnabled": True}}]
    entry = assemble(template_resources(write(tmp_path, template)), "arm-template", "main.json")["workspaces"][0]
    assert entry["blob_service"]["status"] == "ok"
    assert entry["blob_service"]["resource"]["properties"]["isVersioningEnabled"] is True


def test_plan_blob_properties_become_the_blob_service(tmp_path: Path) -> None:
    from scanner.iac.terraform_plan import plan_resources
    from tests.iac.helpers import IAC

    plan = json.loads((IAC / "default-workspace.tfplan.json").read_text())
    entry = assemble(plan_resources(IAC / "default-workspace.tfplan.json"), "terraform-plan", "p")["workspaces"][0]
    assert entry["blob_service"]["status"] == "error"  # no blob_properties block: not managed by this plan
    for change in plan["resource_changes"]:
        if change["type"] == "azurerm_storage_account":
            change["change"]["after"]["blob_properties"] = [{"versioning_enabled": True, "delete_retention_policy": [{"days": 30}]}]
    file = tmp_path / "plan.json"
    file.write_text(json.dumps(plan))
    entry = assemble(plan_resources(file), "terraform-plan", "p")["workspaces"][0]
    props = entry["blob_service"]["resource"]["properties"]
    assert entry["blob_service"]["status"] == "ok" and props["isVersioningEnabled"] is True
    assert props["deleteRetentionPolicy"] == {"enabled": True, "days": 30} and props["containerDeleteRetentionPolicy"] == {"enabled": False}
