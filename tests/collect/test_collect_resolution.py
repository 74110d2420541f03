"""Unit tests: initiative expansion and effect resolution, CMK key identifiers, secret metadata,
datastore -> storage account resolution, the bulk read of built-in policy definitions."""

from __future__ import annotations

from scanner.collect.arm import ArmError
from scanner.collect.policy_sets import member_definition_ids, resolve_assignment
from scanner.collect.sections import Cache

DEF = "/providers/Microsoft.Authorization/policyDefinitions/"
SET = "/providers/Microsoft.Authorization/policySetDefinitions/s"


def definition(name, effect="[parameters('effect')]", params=None, policy_type="BuiltIn"):
    return {"id": DEF + name, "name": name, "type": "Microsoft.Authorization/policyDefinitions",
            "properties": {"displayName": name, "policyType": policy_type, "mode": "Indexed", "parameters": params or {},
                           "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": effect}}}}


EFFECT = {"effect": {"type": "String", "defaultValue": "Audit"}}
DEFS = {
    DEF + "a": definition("a", params=EFFECT),
    DEF + "b": definition("b", effect="deny", params={"list": {"type": "Array"}}),
    DEF + "c": definition("c", params={"Effect": {"type": "String"}}),  # no default
    DEF + "d": definition("d", effect="[if(true(), 'deny', 'audit')]"),
    DEF + "e": definition("e", params=EFFECT, policy_type="Custom"),
}


def assignment(target, params=None, overrides=None):
    props = {"policyDefinitionId": target, "parameters": params or {}}
    if overrides is not None:
        props["overrides"] = overrides
    return {"id": "/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/x", "properties": props}


def lookup(sets=None):
    table = {k.lower(): v for k, v in {**DEFS, **(sets or {})}.items()}
    return lambda definition_id: table.get(definition_id.lower())


def test_definition_assignment_effect_and_parameters():
    (entry,) = resolve_assignment(assignment(DEF + "a", {"effect": {"value": "Deny"}}), lookup())
    assert (entry["effect"], entry["effect_source"], entry["parameters"], entry["unresolved"]) == ("Deny", "assignment", {"effect": "Deny"}, [])
    (entry,) = resolve_assignment(assignment(DEF + "a"), lookup())
    assert (entry["effect"], entry["effect_source"]) == ("Audit", "definition default")
    (entry,) = resolve_assignment(assignment(DEF + "b", {"list": {"value": ["westeurope"]}}), lookup())
    assert (entry["effect"], entry["effect_source"], entry["parameters"]) == ("deny", "definition", {"list": ["westeurope"]})
    (entry,) = resolve_assignment(assignment(DEF + "c"), lookup())  # no value, no default: not guessed
    assert entry["effect"] is None and entry["unresolved"] == ["parameter Effect: no value and no default", "effect: 'effect'"]
    (entry,) = resolve_assignment(assignment(DEF + "c", {"EFFECT": {"value": "Deny"}}), lookup())  # names are case-insensitive
    assert entry["effect"] == "Deny"
    (entry,) = resolve_assignment(assignment(DEF + "d"), lookup())
    assert entry["effect"] is None and entry["unresolved"] == ["effect: \"[if(true(), 'deny', 'audit')]\""]
    (entry,) = resolve_assignment(assignment(DEF + "gone"), lookup())
    assert entry["effect"] is None and entry["unresolved"] == ["the policy definition could not be read"]
    assert "policy_rule" in resolve_assignment(assignment(DEF + "e"), lookup())[0]  # custom: its rule is kept


def test_initiative_members_resolved_against_the_assignment():
    members = [
        {"policyDefinitionReferenceId": "r-a", "policyDefinitionId": DEF + "a", "parameters": {"effect": {"value": "[parameters('aEffect')]"}}},
        {"policyDefinitionReferenceId": "r-a2", "policyDefinitionId": DEF + "a", "parameters": {"effect": {"value": "Deny"}}},
        {"policyDefinitionReferenceId": "r-a3", "policyDefinitionId": DEF + "a", "parameters": {"effect": {"value": "[[parameters('x')]"}}},
        {"policyDefinitionReferenceId": "r-a4", "policyDefinitionId": DEF + "a", "parameters": {"effect": {"value": "[concat('De', 'ny')]"}}},
        {"policyDefinitionReferenceId": "r-b", "policyDefinitionId": DEF + "b", "parameters": {"list": {"value": "[parameters('regions')]"}}},
        {"policyDefinitionReferenceId": "r-e", "policyDefinitionId": DEF + "e"},
    ]
    sets = {SET: {"id": SET, "type": "Microsoft.Authorization/policySetDefinitions",
                  "properties": {"parameters": {"aEffect": {"type": "String", "defaultValue": "Audit"}, "regions": {"type": "Array"}},
                                 "policyDefinitions": members}}}
    assert member_definition_ids(sets[SET]) == [DEF + "a"] * 4 + [DEF + "b", DEF + "e"]
    got = {e["reference_id"]: e for e in resolve_assignment(assignment(SET, {"regions": {"value": ["northeurope"]}}), lookup(sets))}
    assert (got["r-a"]["effect"], got["r-a"]["effect_source"]) == ("Audit", "set default")
    assert (got["r-a2"]["effect"], got["r-a2"]["effect_source"]) == ("Deny", "set member")
    assert got["r-a3"]["effect"] == "[parameters('x')]"  # an escaped literal, not an expression
    assert got["r-a4"]["effect"] is None and got["r-a4"]["unresolved"][0].startswith("parameter effect: expression [concat(")
    assert (got["r-b"]["effect"], got["r-b"]["parameters"]) == ("deny", {"list": ["northeurope"]})
    assert (got["r-e"]["effect"], got["r-e"]["effect_source"]) == ("Audit", "definition default")
    given = {e["reference_id"]: e for e in resolve_assignment(assignment(SET, {"aEffect": {"value": "Deny"}}), lookup(sets))}
    assert (given["r-a"]["effect"], given["r-a"]["effect_source"]) == ("Deny", "assignment")
    assert given["r-b"]["effect"] == "deny" and given["r-b"]["unresolved"] == ["parameter list: set parameter regions has no value and no default"]

    # overrides: by reference id (in / notIn), none = every member, another selector kind = not judged here
    def effects(overrides):
        return {e["reference_id"]: e["effect"] for e in resolve_assignment(assignment(SET, {"regions": {"value": []}}, overrides), lookup(sets))}

    picked = effects([{"kind": "policyEffect", "value": "Disabled", "selectors": [{"kind": "policyDefinitionReferenceId", "in": ["r-a2", "R-E"]}]}])
    assert picked["r-a2"] == picked["r-e"] == "Disabled" and picked["r-a"] == "Audit"
    spared = effects([{"kind": "policyEffect", "value": "Disabled", "selectors": [{"kind": "policyDefinitionReferenceId", "notIn": ["r-b"]}]}])
    assert spared["r-b"] == "deny" and spared["r-a"] == "Disabled"
    assert set(effects([{"kind": "policyEffect", "value": "Audit"}]).values()) == {"Audit"}
    unknown = resolve_assignment(assignment(SET, {"regions": {"value": []}}, [{"kind": "policyEffect", "value": "Disabled",
                                                                              "selectors": [{"kind": "resourceLocation", "in": ["westeurope"]}]}]), lookup(sets))
    assert all(e["effect"] is None and "effect override selector of kind 'resourceLocation'" in e["unresolved"] for e in unknown)
    (unreadable,) = resolve_assignment(assignment(SET), lookup())
    assert unreadable["effect"] is None and unreadable["unresolved"] == ["the policy set definition could not be read"]


def test_key_name_and_secret_metadata():
    from scanner.snapshot.shapes import key_name, secret_metadata

    assert key_name("https://kv.vault.azure.net/keys/cmk/0a1b2c3d") == "cmk"
    assert key_name("https://kv.vault.azure.net/keys/cmk") == "cmk"
    assert key_name("https://hsm.managedhsm.azure.net/keys/cmk/") == "cmk"
    for bad in (None, "", "https://kv.vault.azure.net/secrets/cmk", "https://kv.vault.azure.net/keys", "https://kv/keys/a/b/c"):
        assert key_name(bad) is None, bad
    secret = {"id": "i", "name": "n", "type": "Microsoft.KeyVault/vaults/secrets",
              "properties": {"attributes": {"exp": 1}, "contentType": "x", "value": "v", "secretUri": "u"}}
    assert secret_metadata(secret) == {"id": "i", "name": "n", "type": "Microsoft.KeyVault/vaults/secrets",
                                       "properties": {"attributes": {"exp": 1}, "contentType": "x"}}


class _Client:
    """list_items answers the subscription's storage account list (or refuses); counts calls."""

    def __init__(self, accounts=None, error=None):
        self.accounts, self.error, self.calls = accounts or [], error, []

    def list_items(self, path, api_version, params=None):
        self.calls.append(path)
        if self.error:
            raise self.error
        return list(self.accounts), None


WS = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w"
ST = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stws"


def _datastores(*props):
    return {"status": "ok", "api_version": "2025-12-01",
            "items": [{"id": f"{WS}/datastores/d{i}", "name": f"d{i}", "properties": p} for i, p in enumerate(props)]}


def test_datastore_targets():
    from scanner.collect.datastore_targets import accounts, datastore_targets_section

    other = "/subscriptions/s1/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/stother"
    client = _Client([{"id": other, "name": "stother"}])
    section = datastore_targets_section(client, Cache(), None, _datastores(
        {"datastoreType": "AzureBlob", "accountName": "stws"},
        {"datastoreType": "AzureDataLakeGen2", "accountName": "stlake", "subscriptionId": "s2", "resourceGroup": "rg-lake"},
        {"datastoreType": "AzureFile", "accountName": "StOther"},
        {"datastoreType": "AzureBlob", "accountName": "stnowhere"},
        {"datastoreType": "AzureDataLakeGen1", "storeName": "adl"},
        {"datastoreType": "OneLake", "oneLakeWorkspaceName": "x"},
    ), WS, ST)
    items = {i["datastore"]: i for i in section["items"]}
    assert items["d0"]["storage_account_id"] == ST
    assert items["d1"]["storage_account_id"] == "/subscriptions/s2/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/stlake"
    assert items["d2"]["storage_account_id"] == other and items["d2"]["resolved_by"].startswith("storage account of that name")
    assert items["d3"]["storage_account_id"] is None and "no storage account of that name" in items["d3"]["note"]
    assert items["d4"]["storage_account_id"] is None and items["d5"]["note"] == "not a storage account datastore"
    assert client.calls == ["/subscriptions/s1/providers/Microsoft.Storage/storageAccounts"]  # listed once for two names
    found = accounts(section)
    assert {k: (v["datastores"], v["blob"]) for k, v in found.items()} == {
        ST.lower(): (["d0"], True), items["d1"]["storage_account_id"].lower(): (["d1"], True), other.lower(): (["d2"], False)}

    refused = datastore_targets_section(_Client(error=ArmError("forbidden", "no")), Cache(), None,
                                        _datastores({"datastoreType": "AzureBlob", "accountName": "x"}), WS, ST)
    assert refused["items"][0]["storage_account_id"] is None and "could not be listed (forbidden)" in refused["items"][0]["note"]
    failed = datastore_targets_section(_Client(), Cache(), None, {"status": "error", "message": "boom", "items": []}, WS, ST)
    assert failed["status"] == "error" and failed["items"] == []


class _PolicyClient:
    """GETs answer definitions by id; the built-in list answers every built-in (or refuses)."""

    def __init__(self, builtins, list_error=None):
        self.builtins, self.list_error, self.gets, self.lists = builtins, list_error, [], []

    def get_json(self, path, api_version=None, params=None):
        self.gets.append(path)
        for body in self.builtins:
            if body["id"].lower() == path.lower():
                return body
        raise ArmError("not_found", "gone")

    def list_items(self, path, api_version, params=None):
        self.lists.append(path)
        if self.list_error:
            raise self.list_error
        return list(self.builtins), None


def _initiative_section(count, list_error=None):
    from scanner.collect.governance import _with_definitions

    builtins = [definition(f"m{i}", params=EFFECT) for i in range(count)]
    initiative = {"id": SET, "type": "Microsoft.Authorization/policySetDefinitions",
                  "properties": {"policyDefinitions": [{"policyDefinitionReferenceId": f"r{i}", "policyDefinitionId": DEF + f"m{i}"}
                                                       for i in range(count)]}}
    client = _PolicyClient([initiative, *builtins], list_error)
    section = {"status": "ok", "api_version": "2023-04-01", "items": [assignment(SET)]}
    return client, _with_definitions(client, Cache(), section)


def test_member_definitions_read_one_by_one_or_listed():
    from scanner.collect.governance import BUILTIN_BULK_THRESHOLD

    few, section = _initiative_section(BUILTIN_BULK_THRESHOLD)
    assert few.lists == [] and len(few.gets) == BUILTIN_BULK_THRESHOLD + 1  # the initiative, then each member
    many, section = _initiative_section(BUILTIN_BULK_THRESHOLD + 5)
    assert many.lists == ["/providers/Microsoft.Authorization/policyDefinitions"] and many.gets == [SET]
    (entries,) = section["resolved_policies"].values()
    assert len(entries) == BUILTIN_BULK_THRESHOLD + 5 and {e["effect"] for e in entries} == {"Audit"}
    assert section["effects"] == {assignment(SET)["id"].lower(): None}
    refused, section = _initiative_section(BUILTIN_BULK_THRESHOLD + 5, ArmError("forbidden", "no"))
    assert len(refused.lists) == 1 and len(refused.gets) == BUILTIN_BULK_THRESHOLD + 6  # the list refused: one GET each
    assert {e["effect"] for e in next(iter(section["resolved_policies"].values()))} == {"Audit"}
