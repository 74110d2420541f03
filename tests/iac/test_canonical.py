"""Canonical property names and typed values: the generated table is current and covers what the
rules read, and no rule result changes with the casing of a property name or with a boolean or
integer written as a string, on every fixture snapshot, template and what-if result."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from scanner.snapshot import canonical_build
from scanner.snapshot.canonical import canonical_entry, canonical_path, map_item_type, table, type_of_id
from tests.conftest import FIXTURES, POLICIES, REFERENCE, fixture_snapshots
from tests.iac.helpers import IAC, scan
from tests.iac.recase import recase_entry, recase_resource, recase_template

TABLE = Path(canonical_build.__file__).with_name("canonical_names.json")


def test_generated_table_is_current() -> None:
    if not (REFERENCE / "arm-types").is_dir():
        pytest.skip(f"reference data not found at {REFERENCE} (../shared/reference is not beside this checkout)")
    fresh = canonical_build.render(canonical_build.build(REFERENCE, POLICIES))
    assert fresh == TABLE.read_text("utf-8"), "canonical_names.json is stale: run python -m scanner.snapshot.canonical_build"


def covered(type_: str, path: str) -> bool:
    """Every name along `path` (dotted, `[*]` or `[0]` for array items) is in the table."""
    node: Any = table().get(type_.lower())
    for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", path):
        if not isinstance(node, dict):
            return False
        if part.startswith("["):
            node = node.get("items")
            continue
        entry = (node.get("props") or {}).get(part.lower())
        if entry is None or entry[0] != part:
            return False
        node = entry[1]
    return node is not None


def _results(tmp_path: Path, *args: str, name: str) -> list[dict[str, Any]]:
    code, results, _ = scan(tmp_path, *args, "--fail-on", "none", name=name)
    assert code == 0, args
    return results["results"]


PROPERTY_PATH = re.compile(r"^(properties|sku|identity)\.")


def test_every_property_path_the_rules_name_is_covered(tmp_path: Path) -> None:
    missing = set()
    for fixture in fixture_snapshots():
        for result in _results(tmp_path, str(fixture), name=fixture.stem):
            for evidence in result["evidence"]:
                path = str(evidence.get("path") or "")
                if PROPERTY_PATH.match(path) and not covered(result["resource_type"], path):
                    missing.add((result["rule_id"], result["resource_type"], path))
    assert not missing, f"evidence paths the canonical table does not know: {sorted(missing)}"


def test_every_property_path_in_the_rego_sources_is_known() -> None:
    """Paths a rule reads (`object.get(x, ["properties", ...])`, evidence `"path": "properties..."`)
    are in the table under some resource type, in exactly that casing."""
    known = dict.fromkeys(table())
    paths: set[str] = set()
    for file in sorted((POLICIES / "rules").rglob("*.rego")):
        if file.name.endswith("_test.rego"):
            continue
        text = file.read_text("utf-8")
        paths |= set(re.findall(r'"((?:properties|sku|identity)\.[A-Za-z0-9_.]+)"', text))
        for array in re.findall(r'\[("properties"(?:,\s*"[A-Za-z0-9_]+")+)\]', text):
            paths.add(".".join(re.findall(r'"([A-Za-z0-9_]+)"', array)))
    assert len(paths) > 30
    unknown = sorted(p for p in paths if not any(covered(t, p) for t in known))
    # Policy assignments have no reference data; their `parameters` are the policy's own names.
    unknown = [p for p in unknown if p not in ("properties.policyDefinitionId", "properties.enforcementMode", "properties.parameters.effect.value",
                                               "properties.notScopes")]
    assert not unknown, f"rule paths the canonical table does not know: {unknown}"


def test_user_owned_keys_keep_their_casing() -> None:
    ws = {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "tags": {"Data-Classification": "PHI"},
          "identity": {"type": "UserAssigned", "userAssignedIdentities": {"/subscriptions/S/Id": {}}},
          "properties": {"PUBLICNETWORKACCESS": "Disabled", "someFutureFlag": "true",
                         "managedNetwork": {"outboundRules": {"My-Rule": {"Type": "FQDN", "Destination": "x"}}}}}
    conn = {"id": "/w/connections/c", "properties": {"AuthType": "ApiKey", "credentials": {"Key": "k"}, "metadata": {"ApiType": "Azure"}}}
    entry = canonical_entry({"id": "/w", "workspace": {"status": "ok", "resource": ws}, "connections": {"status": "ok", "items": [conn]}})
    out = entry["workspace"]["resource"]
    assert out["tags"] == {"Data-Classification": "PHI"}
    assert out["identity"]["userAssignedIdentities"] == {"/subscriptions/S/Id": {}}
    assert out["properties"]["publicNetworkAccess"] == "Disabled" and out["properties"]["someFutureFlag"] == "true"
    assert out["properties"]["managedNetwork"]["outboundRules"] == {"My-Rule": {"type": "FQDN", "destination": "x"}}
    props = entry["connections"]["items"][0]["properties"]
    assert props == {"authType": "ApiKey", "credentials": {"Key": "k"}, "metadata": {"ApiType": "Azure"}}
    assert canonical_path("Microsoft.Insights/components", "properties.disablelocalauth") == "properties.DisableLocalAuth"


def _statuses(results: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((r["rule_id"], r["resource_id"].lower(), r["status"], json.dumps(r["evidence"], sort_keys=True)) for r in results)


@pytest.mark.parametrize("fixture", fixture_snapshots(), ids=lambda p: p.name)
def test_recased_snapshot_gives_identical_results(tmp_path: Path, fixture: Path) -> None:
    rng = random.Random(fixture.name)
    counts = {"names": 0, "values": 0}
    data = json.loads(fixture.read_text("utf-8"))
    data["workspaces"] = [recase_entry(e, rng, counts) for e in data["workspaces"]]
    data["subscriptions"] = [recase_entry(s, rng, counts) for s in data.get("subscriptions") or []]
    assert counts["names"] > 50 and counts["values"] > 5, counts  # the test really changed the input
    mixed = tmp_path / fixture.name
    mixed.write_text(json.dumps(data))
    assert _statuses(_results(tmp_path, str(mixed), name="mixed")) == _statuses(_results(tmp_path, str(fixture), name="plain"))


@pytest.mark.parametrize("stem", ["hipaa-workspace", "default-workspace"])
def test_recased_template_gives_identical_results(tmp_path: Path, stem: str) -> None:
    rng = random.Random(stem)
    counts = {"names": 0, "values": 0}
    template = recase_template(json.loads((IAC / f"{stem}.json").read_text("utf-8")), rng, counts)
    assert counts["names"] > 30 and counts["values"] > 3, counts
    mixed = tmp_path / f"{stem}.json"
    mixed.write_text(json.dumps(template, indent=2))
    params = str(IAC / f"{stem}.parameters.json")
    plain = _results(tmp_path, "--template", str(IAC / f"{stem}.json"), "--parameters", params, name="plain")
    assert _statuses(_results(tmp_path, "--template", str(mixed), "--parameters", params, name="mixed")) == _statuses(plain)


def test_recased_what_if_gives_identical_results(tmp_path: Path) -> None:
    rng = random.Random("what-if")
    counts = {"names": 0, "values": 0}
    data = json.loads((IAC / "hipaa-workspace.what-if.json").read_text("utf-8"))
    for change in data["changes"]:
        for state in ("before", "after"):
            if isinstance(change.get(state), dict):
                change[state] = recase_resource(change[state].get("type", ""), change[state], rng, counts)
    assert counts["names"] > 30, counts
    mixed = tmp_path / "wi.json"
    mixed.write_text(json.dumps(data))
    plain = _results(tmp_path, "--what-if", str(IAC / "hipaa-workspace.what-if.json"), name="plain")
    assert _statuses(_results(tmp_path, "--what-if", str(mixed), name="mixed")) == _statuses(plain)


def test_a_value_arm_would_reject_is_refused_with_its_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((FIXTURES / "service-defaults.json").read_text("utf-8"))
    data["workspaces"][0]["workspace"]["resource"]["properties"]["hbiWorkspace"] = "maybe"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    code, _, _ = scan(tmp_path, str(bad))
    assert code == 2
    err = capsys.readouterr().err
    assert "$.workspaces[0].workspace.resource.properties.hbiWorkspace" in err and "'maybe' is not a boolean" in err
    assert not (tmp_path / "out" / "results.json").exists()


def test_a_loaded_snapshot_rewrites_exactly_the_entries_that_need_it(tmp_path: Path) -> None:
    from scanner.snapshot.load import load_snapshot

    data = json.loads((FIXTURES / "hipaa-hardened.json").read_text("utf-8"))
    plain = data["workspaces"][0]
    mixed = json.loads(json.dumps(plain))
    mixed["id"] = mixed["id"] + "-copy"
    mixed["workspace"]["resource"]["properties"]["HbiWorkspace"] = str(mixed["workspace"]["resource"]["properties"].pop("hbiWorkspace")).lower()
    data["workspaces"] = [plain, mixed]
    path = tmp_path / "two.json"
    path.write_text(json.dumps(data))
    snapshot = load_snapshot(path)
    walked = list(snapshot.workspaces)
    assert walked[0] == plain and snapshot.workspaces[-2] == plain
    for entry in (walked[1], snapshot.workspaces[1], snapshot.workspaces[-1], snapshot.workspaces[1:][0]):
        props = entry["workspace"]["resource"]["properties"]
        assert props["hbiWorkspace"] is plain["workspace"]["resource"]["properties"]["hbiWorkspace"] and "HbiWorkspace" not in props


# Sections issue 14 added (workspace and subscription entries): every one is canonicalised.
EVIDENCE_V2_SECTIONS = (
    "encryption_cosmos_db", "encryption_search_service", "encryption_storage_account", "cmk_key", "cmk_vault_keys",
    "cmk_vault_secrets", "associated_private_endpoint_connections", "datastore_storage_accounts", "datastore_role_assignments",
    "log_analytics_destinations", "diagnostic_settings", "defender_pricings", "ml_registries", "ml_registry_role_assignments",
)


def test_every_section_of_the_fixtures_round_trips_through_recasing() -> None:
    """Re-cased and stringified, every workspace and subscription entry of every fixture comes back
    exactly as it was, and each of issue 14's sections was really re-cased somewhere: the table
    knows the names of Cosmos DB accounts, search services, key vault keys and secrets, Defender
    pricings, ML registries, the private endpoint connections of storage, vaults and registries,
    Log Analytics destinations, datastore storage accounts and blob services' diagnostic settings."""
    touched: set[str] = set()
    for fixture in fixture_snapshots():
        data = json.loads(fixture.read_text("utf-8"))
        rng = random.Random(fixture.name)
        for entry in data["workspaces"] + data.get("subscriptions", []):
            counts = {"names": 0, "values": 0}
            mixed = recase_entry(entry, rng, counts)
            assert canonical_entry(mixed) == entry, (fixture.name, entry.get("id") or entry.get("subscription_id"))
            touched |= {key for key in EVIDENCE_V2_SECTIONS if key in entry and mixed[key] != entry[key]}
    assert touched == set(EVIDENCE_V2_SECTIONS), sorted(set(EVIDENCE_V2_SECTIONS) - touched)


def test_private_endpoint_connections_take_the_type_of_the_resource_they_belong_to() -> None:
    vault = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
    storage = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
    assert type_of_id(vault + "/keys/cmk") == "microsoft.keyvault/vaults/keys"
    assert type_of_id(storage + "/blobServices/default") == "microsoft.storage/storageaccounts/blobservices"
    assert map_item_type("associated_private_endpoint_connections", vault.lower()) == "microsoft.keyvault/vaults/privateendpointconnections"
    # Key Vault's items carry no `type`: the map key says whose they are. Storage names `actionRequired`.
    state = {"Status": "Approved", "ActionsRequired": "None", "ActionRequired": "None"}
    entry = {"id": "/w", "associated_private_endpoint_connections": {
        vault.lower(): {"status": "ok", "items": [{"id": vault + "/privateEndpointConnections/pe", "Properties": {"PrivateLinkServiceConnectionState": dict(state)}}]},
        storage.lower(): {"status": "ok", "items": [{"id": storage + "/privateEndpointConnections/pe", "properties": {"privateLinkServiceConnectionState": dict(state)}}]},
    }}
    out = canonical_entry(entry)["associated_private_endpoint_connections"]
    assert out[vault.lower()]["items"][0]["properties"]["privateLinkServiceConnectionState"] == {"status": "Approved", "actionsRequired": "None", "ActionRequired": "None"}
    assert out[storage.lower()]["items"][0]["properties"]["privateLinkServiceConnectionState"] == {"status": "Approved", "ActionsRequired": "None", "actionRequired": "None"}


def test_api_strings_that_look_boolean_stay_strings() -> None:
    """Defender for Cloud's `enforce` and `extensions[].isEnabled` are the strings 'True'/'False' in its
    API: converting them to booleans would change what a rule compares. Key expiry is an integer."""
    sub = {"subscription_id": "s", "defender_pricings": {"status": "ok", "items": [
        {"id": "/subscriptions/s/providers/Microsoft.Security/pricings/StorageAccounts", "name": "StorageAccounts", "type": "Microsoft.Security/pricings",
         "Properties": {"PricingTier": "Standard", "Enforce": "False", "Extensions": [{"Name": "OnUploadMalwareScanning", "IsEnabled": "True"}]}}]},
        "ml_registries": {"status": "ok", "items": [{"id": "/r", "type": "Microsoft.MachineLearningServices/registries", "properties": {"PublicNetworkAccess": "Disabled"}}]}}
    out = canonical_entry(sub)
    assert out["defender_pricings"]["items"][0]["properties"] == {"pricingTier": "Standard", "enforce": "False", "extensions": [{"name": "OnUploadMalwareScanning", "isEnabled": "True"}]}
    assert out["ml_registries"]["items"][0]["properties"] == {"publicNetworkAccess": "Disabled"}
    key = {"id": "/w", "cmk_key": {"status": "ok", "resource": {"id": "/k", "type": "Microsoft.KeyVault/vaults/keys", "properties": {"Attributes": {"Exp": "1804492800"}}}}}
    assert canonical_entry(key)["cmk_key"]["resource"]["properties"] == {"attributes": {"exp": 1804492800}}


def test_supplement_files_cite_their_api_version_and_reach_the_table() -> None:
    files = sorted(canonical_build.SUPPLEMENT.glob(canonical_build.SUPPLEMENT_FILES))
    assert len(files) >= 5
    for file in files:
        text = file.read_text("utf-8")
        version = re.match(r"^# (\S+) @ (\d{4}-\d{2}-\d{2})\n", text)
        assert version and file.name == f"{version.group(1)}-{version.group(2)}.md", file.name
        assert f"api-version {version.group(2)}" in text, f"{file.name}: cite the REST API reference of the api-version"
        declared = re.findall(r"^## Resource (\S+)@" + version.group(2) + "$", text, re.M)
        assert declared and all(type_.lower() in table() for type_ in declared), file.name
