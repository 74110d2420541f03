"""Key Vault's default permission model depends on the api-version that creates the vault (RBAC
from 2026-02-01, access policies before): a template that leaves enableRbacAuthorization out is
judged on the api-version it declares, which the snapshot keeps as the key_vault section's
`api_version` (AML-KV-002)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.iac.arm_template import template_snapshot
from tests.iac.helpers import scan

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def _template(tmp_path: Path, vault_api: str, vault_properties: dict) -> Path:
    vault = {"type": "Microsoft.KeyVault/vaults", "apiVersion": vault_api, "name": "kv-default", "location": "westeurope",
             "properties": {"tenantId": "[subscription().tenantId]", "sku": {"family": "A", "name": "standard"}, **vault_properties}}
    workspace = {"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2025-12-01", "name": "mlw-default",
                 "location": "westeurope", "identity": {"type": "SystemAssigned"},
                 "properties": {"keyVault": "[resourceId('Microsoft.KeyVault/vaults', 'kv-default')]"}}
    path = tmp_path / "main.json"
    path.write_text(json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [vault, workspace]}), encoding="utf-8")
    return path


def test_the_key_vault_section_keeps_the_declared_api_version(tmp_path: Path) -> None:
    (entry,) = template_snapshot(_template(tmp_path, "2026-02-01", {}))["workspaces"]
    section = entry["key_vault"]
    assert section["status"] == "ok" and section["api_version"] == "2026-02-01"
    assert "enableRbacAuthorization" not in section["resource"]["properties"]


@pytest.mark.parametrize(
    "api, properties, status",
    [
        ("2026-02-01", {}, "pass"),  # created with Azure RBAC by default
        ("2024-11-01", {}, "fail"),  # created with access policies by default
        ("2026-02-01", {"enableRbacAuthorization": False}, "fail"),  # said explicitly
        ("2024-11-01", {"enableRbacAuthorization": True}, "pass"),
    ],
)
def test_an_absent_property_takes_the_default_of_the_declared_api_version(tmp_path: Path, api: str, properties: dict, status: str) -> None:
    code, results, _ = scan(tmp_path, "--template", str(_template(tmp_path, api, properties)))
    assert code in (0, 1)
    (result,) = [r for r in results["results"] if r["rule_id"] == "AML-KV-002"]
    assert result["status"] == status, result["message"]
