"""Older api-version shapes read as ARM reads them back: a 2020-05-01-preview datastore (credentials
directly in `properties`) in the current shape, so AML-DST-001 judges it; the secret is never copied."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.iac.arm_template import template_snapshot
from tests.iac.helpers import scan
from tests.iac.test_quickstarts import CORPUS

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def datastore(tmp_path: Path, properties: dict[str, Any], parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    template = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": parameters or {},
                "resources": [{"type": "Microsoft.MachineLearningServices/workspaces/datastores", "apiVersion": "2020-05-01-preview",
                               "name": "mlw-shared/legacy", "properties": properties}]}
    path = tmp_path / "ds.json"
    path.write_text(json.dumps(template, indent=2))
    (entry,) = template_snapshot(path)["workspaces"]
    (item,) = entry["datastores"]["items"]
    return {"item": item, "unresolved": entry["datastores"].get("unresolved", []), "targets": entry["datastore_targets"]["items"]}


OLD = {"DataStoreType": "blob", "AccountName": "stlegacy", "ContainerName": "raw", "StorageAccountSubscriptionId": "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f",
       "StorageAccountResourceGroup": "rg-data", "SkipValidation": True}


@pytest.mark.parametrize(("given", "expected"), [
    ({"AccountKey": "planted-key=="}, "AccountKey"),
    ({"SasToken": "sv=2024&sig=planted", "AccountKey": None}, "Sas"),
    ({"ClientId": "c", "ClientSecret": "planted-secret", "TenantId": "t"}, "ServicePrincipal"),
])
def test_credentials_in_properties_become_the_credentials_type(tmp_path: Path, given: dict[str, Any], expected: str) -> None:
    out = datastore(tmp_path, {**OLD, **given})
    props = out["item"]["properties"]
    assert props == {"datastoreType": "AzureBlob", "accountName": "stlegacy", "containerName": "raw",
                     "subscriptionId": "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f", "resourceGroup": "rg-data", "credentials": {"credentialsType": expected}}
    assert "planted" not in json.dumps(out)
    assert out["targets"][0]["storage_account_id"].endswith("/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stlegacy")


def test_which_credential_applies_unknown_before_deployment_is_unresolved(tmp_path: Path) -> None:
    parameters = {"kind": {"type": "string"}, "secret": {"type": "securestring"}}
    out = datastore(tmp_path, {**OLD, "AccountKey": "[if(equals(parameters('kind'), 'key'), parameters('secret'), json('null'))]",
                               "SasToken": "[if(equals(parameters('kind'), 'sas'), parameters('secret'), json('null'))]"}, parameters)
    assert out["item"]["properties"]["credentials"] == {"credentialsType": None}
    assert out["unresolved"] == ["items[0].properties.credentials.credentialsType"]  # the secrets' own paths are gone with them


def test_no_credential_and_current_shapes_are_left_alone(tmp_path: Path) -> None:
    out = datastore(tmp_path, dict(OLD))
    assert out["item"]["properties"]["credentials"] == {"credentialsType": None} and out["unresolved"] == ["items[0].properties.credentials.credentialsType"]
    current = {"datastoreType": "AzureBlob", "accountName": "stlegacy", "containerName": "raw", "credentials": {"credentialsType": "None"}}
    assert datastore(tmp_path, current)["item"]["properties"] == current
    sql = {"DataStoreType": "sqldb", "ServerName": "sql", "DatabaseName": "db", "Password": "planted-password"}
    assert datastore(tmp_path, sql)["item"]["properties"]["datastoreType"] == "sqldb"  # no current equivalent: as written (redacted)


def test_the_blob_datastore_quickstart_is_judged(tmp_path: Path) -> None:
    folder = CORPUS / "machine-learning-datastore-create-blob"
    if not folder.is_dir():
        pytest.skip(f"quickstart corpus not found at {CORPUS}")
    args = ["--template", str(folder / "azuredeploy.json"), "--parameters", str(folder / "azuredeploy.parameters.json")]
    code, results, sarif = scan(tmp_path, *args, "--fail-on", "none")
    assert code == 0
    (dst,) = [r for r in results["results"] if r["rule_id"] == "AML-DST-001"]
    assert dst["status"] == "fail" and dst["evidence"][0]["found"] == "Sas"
    assert dst["location"]["line"] == 87  # the SasToken line the credential type comes from
    assert "GEN-PASSWORD" not in json.dumps(results) and "GEN-PASSWORD" not in json.dumps(sarif)
