"""Microsoft's Azure Quickstart Templates for Azure Machine Learning (third-party input, in
../shared/corpus/arm-quickstarts): every one scans (exit 0 or 1, never 2 or 3), and the verdicts
a reviewer would expect from reading each template are pinned, with the reason beside each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.iac.helpers import scan

CORPUS = ROOT.parent / "shared" / "corpus" / "arm-quickstarts"
QUICKSTARTS = sorted(p.name for p in CORPUS.iterdir() if (p / "azuredeploy.json").is_file()) if CORPUS.is_dir() else []

# quickstart -> rule -> expected status of its (single) result
PINS: dict[str, dict[str, str]] = {
    "aifoundry-basics": {
        # The hub links storage, key vault, registry and App Insights through the outputs of the
        # nested `dependencies` deployment (reference(...).outputs.x.value): all are judged.
        "AML-GOV-003": "pass",  # the hub names the module's container registry
        "AML-ACR-001": "fail",  # registry: "adminUserEnabled": true
        "AML-ACR-002": "pass",  # registry: "publicNetworkAccess": "Disabled"
        "AML-KV-001": "pass",  # vault: enableSoftDelete and enablePurgeProtection true
        "AML-KV-002": "pass",  # vault: enableRbacAuthorization true
        "AML-KV-003": "pass",  # vault: networkAcls.defaultAction Deny
        "AML-STG-003": "pass",  # storage: allowBlobPublicAccess false
        "AML-STG-004": "fail",  # storage: allowSharedKeyAccess true
        "AML-STG-005": "pass",  # storage: networkAcls.defaultAction Deny
        "AML-APPI-001": "fail",  # App Insights: "DisableLocalAuth": false
        "AML-APPI-002": "fail",  # App Insights: no WorkspaceResourceId (classic)
        "AML-CON-001": "fail",  # the AzureOpenAI connection uses authType ApiKey (listKeys)
        "AML-NET-001": "fail",  # the hub sets no publicNetworkAccess: the service default is Enabled
        "AML-RES-001": "fail",  # location eastus (parameters file) is outside the default EU regions
        "AML-STG-008": "unknown",  # no blobServices/default declared: soft delete is not in the template
        "AML-STG-009": "fail",  # storage: networkAcls Deny, but no private endpoint is declared
        "AML-MLR-001": "unknown",  # no Azure ML registry declared: the subscription's are known only live
    },
    "machine-learning-compute-create-amlcompute": {
        # Only a cluster under an existing workspace: judged by the compute rules.
        "AML-CMP-004": "fail",  # no subnet (parameters empty) and remoteLoginPortPublicAccess unset: SSH open
        "AML-CMP-002": "fail",  # enableNodePublicIp unset: nodes get public IPs (service default)
        "AML-CMP-001": "fail",  # disableLocalAuth unset
        "AML-CMP-007": "pass",  # minNodeCount defaults to 0
        "AML-CMP-003": "unknown",  # no subnet, and the workspace's managed network is not in the template
        "AML-NET-001": "unknown",  # the workspace itself is not declared
    },
    "machine-learning-datastore-create-blob": {
        # api-version 2020-05-01-preview: AccountKey/SasToken sit directly in properties. ARM reads
        # that shape back in the current one; authenticationType defaults to "SAS token", so
        # AccountKey is null and SasToken is set: credentials.credentialsType Sas, a stored secret.
        "AML-DST-001": "fail",
        "AML-NET-001": "unknown",  # the workspace itself is not declared
    },
    "machine-learning-workspace": {
        # Its parameters file ends with a trailing comma; hbi_workspace is the string "false".
        "AML-ENC-003": "pass",  # not regulated: hbiWorkspace is not required
        "AML-ACR-004": "pass",  # consistent with ENC-003: hbiWorkspace "false" means false
        "AML-STG-007": "pass",
        "AML-ACR-001": "fail",  # registry: "adminUserEnabled": true
        "AML-ACR-002": "fail",  # registry sets no publicNetworkAccess (default Enabled)
        "AML-KV-001": "fail",  # vault: no enablePurgeProtection
        "AML-KV-003": "fail",  # vault: no network rules
        "AML-STG-001": "pass",  # storage: supportsHttpsTrafficOnly true
        "AML-STG-003": "fail",  # storage: allowBlobPublicAccess unset (public containers possible)
        "AML-NET-001": "fail",  # workspace: no publicNetworkAccess
        "AML-RES-001": "fail",  # westus2 is outside the default EU regions
    },
    "machine-learning-workspace-vnet": {
        # No parameters file: names use {workspaceName} placeholders, which still link the
        # workspace to the storage account, key vault and App Insights the template creates.
        "AML-NET-001": "pass",  # "publicNetworkAccess": "Disabled"
        "AML-ENC-001": "fail",  # encryption_status defaults to Disabled
        "AML-GOV-003": "fail",  # containerRegistryOption defaults to none
        "AML-NET-003": "fail",  # privateEndpointType defaults to none: no private endpoint
        "AML-STG-003": "pass",  # storage: allowBlobPublicAccess false
        "AML-STG-005": "pass",  # storage behind the VNet by default (networkAcls Deny)
        "AML-STG-009": "fail",  # ...but a firewall is not a private endpoint: none connects to the storage
        "AML-KV-003": "fail",  # keyVaultBehindVNet defaults to false: no network rules
    },
}


def _run(tmp_path: Path, name: str, params: Path | None = None) -> tuple[int, dict[str, Any]]:
    folder = CORPUS / name
    args = ["--template", str(folder / "azuredeploy.json")]
    params = params or (folder / "azuredeploy.parameters.json")
    if params.is_file():
        args += ["--parameters", str(params)]
    code, results, _ = scan(tmp_path, *args, name=name)
    return code, results


def _single(results: dict[str, Any], rule: str) -> dict[str, Any]:
    found = [r for r in results["results"] if r["rule_id"] == rule]
    assert len(found) == 1, (rule, found)
    return found[0]


def test_the_corpus_is_there() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"quickstart corpus not found at {CORPUS} (../shared is not beside this checkout)")
    assert set(QUICKSTARTS) == set(PINS), "a quickstart without pins (or pins without a quickstart)"


@pytest.mark.parametrize("name", QUICKSTARTS)
def test_every_quickstart_scans_and_gives_the_expected_verdicts(tmp_path: Path, name: str) -> None:
    code, results = _run(tmp_path, name)
    assert code in (0, 1), f"{name}: exit {code}"
    assert results["summary"]["workspaces"] == 1
    got = {rule: _single(results, rule)["status"] for rule in PINS[name]}
    assert got == PINS[name]


def test_a_string_true_for_a_boolean_property_is_true_for_every_rule(tmp_path: Path) -> None:
    """The workspace quickstart's hbi_workspace parameter is a string; "true" must make the
    workspace regulated for every rule that asks, not only for some."""
    if not CORPUS.is_dir():
        pytest.skip(f"quickstart corpus not found at {CORPUS}")
    params = tmp_path / "hbi.parameters.json"
    params.write_text(json.dumps({"parameters": {"name": {"value": "onc"}, "environment": {"value": "prd"},
                                                 "location": {"value": "westeurope"}, "hbi_workspace": {"value": "true"}}}))
    code, results = _run(tmp_path, "machine-learning-workspace", params)
    assert code == 1
    hbi = _single(results, "AML-ENC-003")
    assert hbi["status"] == "pass" and hbi["evidence"][0] == {"path": "properties.hbiWorkspace", "found": True, "expected": True}
    assert _single(results, "AML-ACR-004")["status"] == "fail"  # regulated: the registry needs a customer-managed key
    assert _single(results, "AML-STG-007")["status"] == "fail"  # regulated: infrastructure encryption required


def test_unresolved_locations_are_not_a_residency_pass(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"quickstart corpus not found at {CORPUS}")
    _, results = _run(tmp_path, "machine-learning-workspace-vnet")
    # the `location` parameter has neither a value nor a default: no location is known
    assert _single(results, "AML-RES-001")["status"] == "unknown"
    assert _single(results, "AML-RES-002")["status"] == "unknown"
