"""The bundled fixtures carry issue 14's sections as a live collection writes them: every section is
there, the derived ones equal what the collector derives from the fixture's own sections, and the
three fixtures show compliant values, service defaults and refusals respectively."""

from __future__ import annotations

import json

import pytest

from scanner.collect.datastore_targets import accounts, datastore_targets_section
from scanner.collect.dependencies import private_endpoint_connections_of
from scanner.collect.sections import Cache
from tests.collect.helpers import ROOT

FIXTURES = sorted((ROOT / "fixtures").glob("*.json"))
WORKSPACE_SECTIONS = ("encryption_cosmos_db", "encryption_search_service", "encryption_storage_account", "cmk_key", "cmk_vault_keys",
                      "cmk_vault_secrets", "datastore_targets", "datastore_storage_accounts", "datastore_role_assignments",
                      "log_analytics_destinations", "associated_private_endpoint_connections")
SUBSCRIPTION_SECTIONS = ("defender_pricings", "ml_registries", "ml_registry_role_assignments")


def _load(name):
    return json.loads((ROOT / "fixtures" / name).read_text("utf-8"))


def _statuses(node):
    """Every section status below `node` (maps of sections included)."""
    if isinstance(node, dict):
        if "status" in node and isinstance(node["status"], str):
            yield node["status"]
        else:
            for value in node.values():
                yield from _statuses(value)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_sections_as_collected(path):
    doc = json.loads(path.read_text("utf-8"))
    for sub in doc["subscriptions"]:
        assert all(key in sub for key in SUBSCRIPTION_SECTIONS), sub["subscription_id"]
        policy = sub["policy_assignments"]
        if policy["status"] == "ok":
            assert sorted(policy["resolved_policies"]) == sorted(a["id"].lower() for a in policy["items"])
    for entry in doc["workspaces"]:
        assert all(key in entry for key in WORKSPACE_SECTIONS), entry["id"]
        storage = entry["storage_account"]
        storage_id = (storage.get("resource") or {}).get("id") or storage.get("resource_id")
        derived = datastore_targets_section(None, Cache(), None, entry["datastores"], entry["id"], storage_id)
        assert entry["datastore_targets"] == derived
        assert sorted(entry["datastore_storage_accounts"]) == sorted(entry["datastore_role_assignments"]) == sorted(accounts(derived))
        for key, section in entry["datastore_storage_accounts"].items():
            assert section["datastores"] == accounts(derived)[key]["datastores"]
        for name in ("storage_account", "key_vault", "container_registry", "cmk_key_vault"):
            section = entry[name]
            if section["status"] == "ok" and "privateEndpointConnections" in ((section.get("resource") or {}).get("properties") or {}):
                rid = section["resource"]["id"].lower()
                assert entry["associated_private_endpoint_connections"][rid] == private_endpoint_connections_of(None, section, None)
        policy = entry["policy_assignments"]
        assert sorted(policy["resolved_policies"]) == sorted(a["id"].lower() for a in policy["items"])


def test_hardened_fixture_is_compliant():
    doc = _load("hipaa-hardened.json")
    (entry,) = doc["workspaces"]
    assert set(_statuses({k: entry[k] for k in WORKSPACE_SECTIONS})) == {"ok"}
    assert entry["encryption_cosmos_db"]["resource"]["properties"]["disableLocalAuth"] is True
    assert entry["cmk_key"]["resource"]["properties"]["rotationPolicy"]["lifetimeActions"][0]["action"]["type"] == "rotate"
    assert all("exp" in k["properties"]["attributes"] for k in entry["cmk_vault_keys"]["items"] + entry["cmk_vault_secrets"]["items"])
    assert all(s["items"] for s in entry["associated_private_endpoint_connections"].values())
    sub = doc["subscriptions"][0]
    assert {p["name"]: p["properties"]["pricingTier"] for p in sub["defender_pricings"]["items"]
            if p["name"] in ("Containers", "StorageAccounts", "KeyVaults", "AI")} == dict.fromkeys(("StorageAccounts", "KeyVaults", "Containers", "AI"), "Standard")
    (registry,) = sub["ml_registries"]["items"]
    assert registry["properties"]["publicNetworkAccess"] == "Disabled" and {r["location"] for r in registry["properties"]["regionDetails"]} <= {"westeurope", "northeurope"}
    (initiative,) = [e for a, e in entry["policy_assignments"]["resolved_policies"].items() if a.endswith("/eu-residency-guardrails")]
    assert [(e["reference_id"], e["effect"]) for e in initiative] == [("allowedLocations", "deny"), ("approvedRegistryModels", "Deny")]


def test_defaults_and_forbidden_fixtures():
    for name in ("service-defaults.json", "pii-marketing.json"):
        doc = _load(name)
        (entry,) = doc["workspaces"]
        assert set(_statuses({k: entry[k] for k in WORKSPACE_SECTIONS})) == {"ok"}
        assert entry["encryption_cosmos_db"]["resource"] is None and entry["cmk_key"]["resource"] is None
        assert entry["cmk_vault_keys"]["vault_id"] is None
        assert {p["properties"]["pricingTier"] for p in doc["subscriptions"][0]["defender_pricings"]["items"]} == {"Free"}
        assert doc["subscriptions"][0]["ml_registries"]["items"][0]["properties"]["publicNetworkAccess"] == "Enabled"
    doc = _load("mixed-forbidden.json")
    research, scratch = doc["workspaces"]
    assert "forbidden" in set(_statuses(research["associated_private_endpoint_connections"]))
    # The scratch workspace's key and its vault's keys and secrets are readable, and show a key lifecycle
    # left at service defaults (no rotation policy, nothing expires): AML-KV-006..008 fail there.
    assert {scratch[k]["status"] for k in ("cmk_key", "cmk_vault_keys", "cmk_vault_secrets")} == {"ok"}
    assert "rotationPolicy" not in scratch["cmk_key"]["resource"]["properties"]
    assert not any("exp" in i["properties"]["attributes"] for i in scratch["cmk_vault_keys"]["items"] + scratch["cmk_vault_secrets"]["items"])
    sub = doc["subscriptions"][0]
    assert sub["defender_pricings"]["status"] == "forbidden"
    assert set(_statuses(sub["ml_registry_role_assignments"])) == {"forbidden"}
    assert "eastus" in {r["location"] for r in sub["ml_registries"]["items"][0]["properties"]["regionDetails"]}  # outside the EU
