"""Every cross-reference a rule claims names something that exists, and about the rule's kind of resource.

Azure Policy GUIDs are checked against Microsoft's built-in definitions in ../shared/reference/azure-policy/
(or tests/data/references/azure-policy-extra.txt for the few the reference data does not hold); PSRule for
Azure rule names and Checkov check ids against the lists pinned in tests/data/references/, each taken from
its project at a stated commit or version (see each file's header).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from scanner.evaluate.catalog import Rule, load_bundle
from tests.conftest import POLICIES, REFERENCE, ROOT

PINNED = ROOT / "tests" / "data" / "references"
AZURE_POLICY = REFERENCE / "azure-policy"
COMMIT = re.compile(r"\b[0-9a-f]{40}\b")
VERSION = re.compile(r"\b\d+\.\d+\.\d+\b")
ANY = "*"

# PSRule for Azure names its rules Azure.<family>.<check>; the family names the resource provider.
PSRULE_FAMILY = {
    "ACR": "Microsoft.ContainerRegistry",
    "AppInsights": "Microsoft.Insights",
    "Cosmos": "Microsoft.DocumentDB",
    "Defender": "Microsoft.Security",
    "DefenderCloud": "Microsoft.Security",
    "KeyVault": "Microsoft.KeyVault",
    "Log": "Microsoft.OperationalInsights",
    "ML": "Microsoft.MachineLearningServices",
    "Monitor": "Microsoft.Insights",
    "RBAC": "Microsoft.Authorization",
    "Resource": ANY,
    "Search": "Microsoft.Search",
    "Storage": "Microsoft.Storage",
}
# Checkov's Terraform checks name azurerm resource types; these prefixes cover the providers the rules judge.
TERRAFORM_PREFIX = {
    "azurerm_machine_learning_": "Microsoft.MachineLearningServices",
    "azurerm_storage_": "Microsoft.Storage",
    "azurerm_key_vault": "Microsoft.KeyVault",
    "azurerm_container_registry": "Microsoft.ContainerRegistry",
    "azurerm_application_insights": "Microsoft.Insights",
    "azurerm_log_analytics_": "Microsoft.OperationalInsights",
    "azurerm_cosmosdb_": "Microsoft.DocumentDB",
    "azurerm_search_": "Microsoft.Search",
    "azurerm_security_center_": "Microsoft.Security",
    "azurerm_role_": "Microsoft.Authorization",
}
# Effects with which a definition reports compliance, as the regulatory initiatives assign them.
REPORTING_EFFECTS = {"audit", "auditifnotexists", "deny"}


def _read_pinned(name: str, columns: int, folder: Path = PINNED) -> tuple[list[str], dict[str, list[str]]]:
    header: list[str] = []
    rows: dict[str, list[str]] = {}
    for number, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            header.append(line)
            continue
        fields = line.split("\t")
        assert len(fields) == columns and all(f.strip() for f in fields), f"{name}:{number}: expected {columns} tab-separated fields"
        assert fields[0] not in rows, f"{name}:{number}: {fields[0]} listed twice"
        rows[fields[0]] = fields[1:]
    return header, rows


def _provider(resource_type: str) -> str:
    # A Resource Provider mode's data-plane namespace (Microsoft.KeyVault.Data: keys, secrets) is the
    # data plane of the provider whose resources the rule reads them from.
    return resource_type.split("/", 1)[0].lower().removesuffix(".data")


# Azure Policy's resource provider modes judge a provider's data plane under a namespace of their own
# (Microsoft.MachineLearningServices.v2.Data/workspaces/deployments): it is the same provider.
_DATA_MODE = re.compile(r"\.v\d+$")  # after _provider took off ".data"


def _policy_provider(resource_type: str) -> str:
    return _DATA_MODE.sub("", _provider(resource_type))


def _checkov_providers(applies_to: str) -> set[str]:
    providers = set()
    for item in (part.strip() for part in applies_to.split(",")):
        if item.startswith("Microsoft."):
            providers.add(_provider(item))
        for prefix, provider in TERRAFORM_PREFIX.items():
            if item.startswith(prefix):
                providers.add(provider.lower())
    return providers


def _policy_types(node: Any, found: set[str]) -> set[str]:
    """Resource types a definition's policy rule is restricted to (`field: type` with equals or in)."""
    if isinstance(node, dict):
        if str(node.get("field", "")).lower() == "type":
            for key in ("equals", "in"):
                value = node.get(key)
                found.update([value] if isinstance(value, str) else value if isinstance(value, list) else [])
        for value in node.values():
            _policy_types(value, found)
    elif isinstance(node, list):
        for value in node:
            _policy_types(value, found)
    return found


def _shared_definitions() -> dict[str, dict[str, Any]]:
    """Built-in definitions in the reference data, by GUID: display name, providers, allowed effects."""
    known = {}
    for path in sorted(list((AZURE_POLICY / "ml").glob("*.json")) + list((AZURE_POLICY / "related").glob("*.json"))):
        doc = json.loads(path.read_text(encoding="utf-8"))
        props = doc.get("properties", doc)
        then = props["policyRule"]["then"]["effect"]
        named = re.fullmatch(r"\[parameters\('([^']+)'\)\]", then)  # usually "effect", sometimes "effects"
        effect = props.get("parameters", {}).get(named.group(1), {}) if named else {}
        effects = effect.get("allowedValues") or [effect.get("defaultValue") or then]
        types = _policy_types(props["policyRule"]["if"], set())
        # AuditIfNotExists / DeployIfNotExists judge a related resource (then.details.type: the Defender
        # plan of a subscription), which is what a rule citing them is about.
        details = props["policyRule"]["then"].get("details")
        if isinstance(details, dict) and isinstance(details.get("type"), str):
            types.add(details["type"])
        known[doc["name"]] = {
            "title": props["displayName"],
            "providers": {_policy_provider(t) for t in types} or {ANY},
            "effects": {str(e).lower() for e in effects},
            "file": path.relative_to(AZURE_POLICY).as_posix(),
        }
    return known


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return load_bundle(POLICIES).rules


@pytest.fixture(scope="module")
def psrule() -> dict[str, list[str]]:
    return _read_pinned("psrule-rules.txt", 3)[1]


@pytest.fixture(scope="module")
def checkov() -> dict[str, list[str]]:
    return _read_pinned("checkov-checks.txt", 3)[1]


@pytest.fixture(scope="module")
def policies() -> dict[str, dict[str, Any]]:
    _, extra = _read_pinned("azure-policy-extra.txt", 4)
    pinned = {
        guid: {
            "title": title,
            "providers": {ANY} if applies == ANY else {_provider(t.strip()) for t in applies.split(",")},
            "effects": {e.strip().lower() for e in effects.split(",")},
            "file": "tests/data/references/azure-policy-extra.txt",
        }
        for guid, (title, applies, effects) in extra.items()
    }
    if not AZURE_POLICY.is_dir():
        pytest.skip(f"Azure Policy reference data not found at {AZURE_POLICY} (../shared/reference is not beside this checkout)")
    shared = _shared_definitions()
    duplicated = sorted(set(pinned) & set(shared))
    assert not duplicated, f"azure-policy-extra.txt repeats definitions the reference data holds: {duplicated}"
    return shared | pinned


@pytest.mark.parametrize("name, columns", [("psrule-rules.txt", 3), ("checkov-checks.txt", 3), ("azure-policy-extra.txt", 4)])
def test_pinned_lists_say_where_and_when_they_were_taken(name: str, columns: int) -> None:
    header, rows = _read_pinned(name, columns)
    text = "\n".join(header)
    assert "Source:" in text, f"{name}: the header names no source"
    assert COMMIT.search(text) or VERSION.search(text), f"{name}: the header pins no commit or version"
    assert rows, f"{name} lists nothing"


def test_every_psrule_reference_is_a_rule_of_psrule_for_azure(rules: list[Rule], psrule: dict[str, list[str]]) -> None:
    unknown = [(r.id, name) for r in rules for name in r.references["psrule"] if name not in psrule]
    assert not unknown, f"not PSRule for Azure rules (tests/data/references/psrule-rules.txt): {unknown}"


def test_every_checkov_reference_is_a_checkov_check(rules: list[Rule], checkov: dict[str, list[str]]) -> None:
    unknown = [(r.id, check) for r in rules for check in r.references["checkov"] if check not in checkov]
    assert not unknown, f"not Checkov checks (tests/data/references/checkov-checks.txt): {unknown}"


def test_every_azure_policy_reference_is_a_built_in_definition(rules: list[Rule], policies: dict[str, dict[str, Any]]) -> None:
    unknown = [(r.id, guid) for r in rules for guid in r.references["azure_policy"] if guid not in policies]
    assert not unknown, f"not built-in definitions in the reference data or azure-policy-extra.txt: {unknown}"


def test_references_concern_the_rules_resource_provider(
    rules: list[Rule], psrule: dict[str, list[str]], checkov: dict[str, list[str]], policies: dict[str, dict[str, Any]]
) -> None:
    # A reference about another kind of resource is a wrong cross-reference, whatever its name says.
    wrong = []
    for rule in rules:
        own = _provider(rule.resource_type)
        for name in rule.references["psrule"]:
            provider = PSRULE_FAMILY.get(name.split(".")[1])
            assert provider, f"{rule.id}: {name} is of a PSRule family this test does not map to a provider"
            if provider != ANY and provider.lower() != own:
                wrong.append((rule.id, name, provider))
        for check in rule.references["checkov"]:
            providers = _checkov_providers(checkov[check][1])
            assert providers, f"{rule.id}: {check} applies to {checkov[check][1]}, which this test does not map to a provider"
            if own not in providers:
                wrong.append((rule.id, check, sorted(providers)))
        for guid in rule.references["azure_policy"]:
            providers = policies[guid]["providers"]
            if ANY not in providers and own not in providers:
                wrong.append((rule.id, guid, sorted(providers)))
    assert not wrong, f"references about another resource provider than the rule's: {wrong}"


def test_azure_policy_citations_include_a_definition_that_reports_compliance(
    rules: list[Rule], policies: dict[str, dict[str, Any]]
) -> None:
    # The regulatory initiatives assign the Audit/AuditIfNotExists/Deny definitions; a rule that cites only a
    # Modify or DeployIfNotExists one points the reader at remediation, not at the check to compare with.
    missing = [
        (r.id, r.references["azure_policy"])
        for r in rules
        if r.references["azure_policy"] and not any(policies[g]["effects"] & REPORTING_EFFECTS for g in r.references["azure_policy"])
    ]
    assert not missing, f"cite no Audit, AuditIfNotExists or Deny definition: {missing}"


def test_a_data_plane_mode_is_its_providers() -> None:
    assert _policy_provider("Microsoft.MachineLearningServices.v2.Data/workspaces/deployments") == "microsoft.machinelearningservices"
    assert _policy_provider("Microsoft.KeyVault.Data/vaults/keys") == "microsoft.keyvault"
    assert _policy_provider("Microsoft.DataFactory/factories") == "microsoft.datafactory"


def test_a_malformed_or_repeated_pinned_line_is_refused(tmp_path: Path) -> None:
    (tmp_path / "short.txt").write_text("# Source: here 1.2.3\nAzure.ML.A\tonly two\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="expected 3 tab-separated fields"):
        _read_pinned("short.txt", 3, tmp_path)
    (tmp_path / "twice.txt").write_text("Azure.ML.A\tone\tx\nAzure.ML.A\ttwo\tx\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="listed twice"):
        _read_pinned("twice.txt", 3, tmp_path)
