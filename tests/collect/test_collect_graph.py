"""`--discovery resource-graph` batches collection: a few paged Resource Graph queries replace most
per-workspace GETs, and the snapshot says the same as `--discovery arm` for the same tenant."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.collect.conftest import ALPHA, BETA
from tests.collect.helpers import assert_read_only, leaked_secrets, run_cli, schema_errors
from tests.collect.replay import SUB_MAIN, UNFILTERED, ReplayServer, ReplayTenant, Response, Workspace
from tests.collect.test_collect_e2e import by_name, collect_args

# Requests per workspace with resource-graph discovery, clean tenant (arm discovery: 31 for a healthy
# workspace). Issue 8's target is 8. What is left per workspace: datastores, connections, blob service,
# 3 diagnostic settings lists (workspace, blob service, key vault: neither in the graph nor in anything
# already read; a registry's are not read) and, since issue 14, the key lifecycle of its customer-managed key, which here
# lives in the workspace's own vault: the key, the vault's key list and its secret list (Key Vault
# keys and secrets are not in Resource Graph). Private endpoint connections and outbound rules come from
# the workspace row, policy assignments from one unfiltered list per subscription (counted as shared).
# test_collect_budget.py measures the same on larger tenants and other key vault layouts.
GRAPH_BUDGET_PER_WORKSPACE = 9
GRAPH_BUDGET_SHARED = 19  # 5 graph queries + per subscription: subscription, alerts x2, policy list and definitions, Defender plans ...

RESOURCE_SECTIONS = ("workspace", "storage_account", "key_vault", "container_registry", "application_insights",
                     "log_analytics_workspace", "cmk_key_vault", "blob_service", "encryption_cosmos_db",
                     "encryption_search_service", "encryption_storage_account", "cmk_key")
LIST_SECTIONS = ("computes", "datastores", "online_endpoints", "batch_endpoints", "connections",
                 "private_endpoint_connections", "outbound_rules", "metric_alerts", "datastore_targets",
                 "cmk_vault_keys", "cmk_vault_secrets")
LIST_MAPS = ("diagnostic_settings", "locks", "associated_private_endpoint_connections")
RESOURCE_MAPS = ("datastore_storage_accounts", "log_analytics_destinations")


def _items(section):
    return sorted(json.dumps(i, sort_keys=True) for i in section.get("items", []))


def _assignments(section):
    return sorted(
        (i["assignment"]["id"].lower(), json.dumps(i["assignment"].get("properties"), sort_keys=True),
         json.dumps((i["role_definition"] or {}).get("properties"), sort_keys=True), (i.get("inherited_from") or "").lower())
        for i in section.get("items", [])
    )


def verdict_content(workspace):
    """What rules read: each section's status and resources (not api_version or notes)."""
    out = {}
    for key in RESOURCE_SECTIONS:
        out[key] = (workspace[key]["status"], workspace[key].get("resource"))
    for key in LIST_SECTIONS:
        out[key] = (workspace[key]["status"], _items(workspace[key]))
    for key in LIST_MAPS:
        out[key] = {rid: (s["status"], _items(s)) for rid, s in workspace[key].items()}
    for key in RESOURCE_MAPS:
        out[key] = {rid: (s["status"], s.get("resource"), s.get("datastores")) for rid, s in workspace[key].items()}
    for key in ("role_assignments", "datastore_role_assignments"):
        out[key] = {rid: (s["status"], _assignments(s)) for rid, s in workspace[key].items()}
    policy = workspace["policy_assignments"]
    out["policy_assignments"] = (policy["status"], _items(policy), policy.get("effects"), policy.get("resolved_policies"))
    return out


def subscription_content(subscription):
    """The subscription-level sections rules read (as context.subscription)."""
    out = {key: (subscription[key]["status"], _items(subscription[key])) for key in ("activity_log_alerts", "defender_pricings", "ml_registries")}
    out["ml_registry_role_assignments"] = {rid: (s["status"], _assignments(s)) for rid, s in subscription["ml_registry_role_assignments"].items()}
    policy = subscription["policy_assignments"]
    out["policy_assignments"] = (policy["status"], _items(policy), policy.get("effects"), policy.get("resolved_policies"))
    return out


def _collect(server, ca_bundle, out, *extra):
    before = len(server.tenant.seen)
    assert run_cli(collect_args(server, ca_bundle, out, "--subscription", SUB_MAIN, *extra)) == 0
    return json.loads(out.read_text("utf-8")), server.tenant.seen[before:]


@pytest.mark.parametrize("by_type", [False, True], ids=["linked-by-id", "linked-by-type"])
def test_resource_graph_collection_matches_arm_with_fewer_requests(clean_replay, ca_bundle, arm_token, tmp_path, capsys,
                                                                   monkeypatch, by_type):
    if by_type:  # as for a large scope: associated resources asked for by type, not by id
        import scanner.collect.graph as graph_module

        monkeypatch.setattr(graph_module, "MAX_ID_QUERIES", 0)
    arm, arm_seen = _collect(clean_replay, ca_bundle, tmp_path / "arm.json")
    graph, graph_seen = _collect(clean_replay, ca_bundle, tmp_path / "graph.json", "--discovery", "resource-graph")
    assert schema_errors(graph) == []
    assert graph["source"]["discovery"] == "resource-graph"
    arm_ws, graph_ws = by_name(arm), by_name(graph)
    assert sorted(graph_ws) == sorted(arm_ws) == ["mlw-alpha", "mlw-beta", "mlw-gamma"]
    for name in arm_ws:
        expected, got = verdict_content(arm_ws[name]), verdict_content(graph_ws[name])
        for key in expected:
            assert got[key] == expected[key], (name, key)
    assert [s["activity_log_alerts"] for s in graph["subscriptions"]] == [s["activity_log_alerts"] for s in arm["subscriptions"]]
    assert [subscription_content(s) for s in graph["subscriptions"]] == [subscription_content(s) for s in arm["subscriptions"]]
    registries = graph["subscriptions"][0]["ml_registries"]
    assert registries["api_version"] == "2021-03-01" and [r["name"] for r in registries["items"]] == ["mlreg-clinical"]
    assert registries["items"][0]["type"] == "Microsoft.MachineLearningServices/registries"  # ARM casing restored

    # the batched sections say where they came from
    alpha = graph_ws["mlw-alpha"]
    assert alpha["workspace"]["api_version"] == "2021-03-01" and "Resource Graph" in alpha["workspace"]["message"]
    assert alpha["workspace"]["resource"]["type"] == "Microsoft.MachineLearningServices/workspaces"  # ARM casing restored
    assert alpha["datastores"]["api_version"] == "2025-12-01"  # not in the graph: GET
    # derived sections say so, and their GETs are not made
    for key, prop in (("private_endpoint_connections", "properties.privateEndpointConnections"),
                      ("outbound_rules", "properties.managedNetwork.outboundRules")):
        assert alpha[key]["api_version"] == "2021-03-01" and prop in alpha[key]["message"] and "Resource Graph row" in alpha[key]["message"]
    assert "no $filter" in alpha["policy_assignments"]["message"] and alpha["policy_assignments"]["api_version"] == "2023-04-01"
    assert "no $filter" in graph["subscriptions"][0]["policy_assignments"]["message"]
    paths = [(r.path.lower(), r.query.get("$filter")) for r in graph_seen if r.method == "GET"]
    assert not [p for p, _ in paths if p.endswith(("/privateendpointconnections", "/outboundrules"))]
    assert [p for p, f in paths if p.endswith("/policyassignments")] == [f"/subscriptions/{SUB_MAIN}/providers/microsoft.authorization/policyassignments"]
    assert all(f is None for p, f in paths if p.endswith("/policyassignments"))
    # which assignments apply (same as arm, compared above): management group and subscription for all,
    # rg-ml-prod's for alpha and beta, alpha's own for alpha; never the one on alpha's storage account
    names = {n: sorted(a["name"] for a in graph_ws[n]["policy_assignments"]["items"]) for n in graph_ws}
    common = ["aml-cmk", "aml-guardrails", "aml-no-public-access", "mg-aml-public-audit"]
    assert names == {"mlw-alpha": sorted(common + ["rg-aml-cmk-deny", "ws-public-access-audit"]),
                     "mlw-beta": sorted(common + ["rg-aml-cmk-deny"]), "mlw-gamma": common}
    assert sorted(a["name"] for a in graph["subscriptions"][0]["policy_assignments"]["items"]) == common

    # no secret, read-only
    text = (tmp_path / "graph.json").read_text("utf-8")
    assert leaked_secrets(text, arm_token) == []
    assert_read_only(graph_seen)

    arm_counts, graph_counts = Counter(r.owner for r in arm_seen), Counter(r.owner for r in graph_seen)
    with capsys.disabled():
        print(f"\nrequests per workspace ({'by type' if by_type else 'by id'}): arm {dict(arm_counts)}; resource-graph {dict(graph_counts)}")
    for name in graph_ws:
        assert graph_counts[name] <= GRAPH_BUDGET_PER_WORKSPACE, (name, graph_counts[name])
        assert graph_counts[name] < arm_counts[name]
    assert graph_counts["shared"] <= GRAPH_BUDGET_SHARED, graph_counts["shared"]
    posts = [r for r in graph_seen if r.method == "POST"]
    assert 1 <= len(posts) <= 6

    # and `amlscan scan` gives the same verdicts on both snapshots
    import importlib.util

    if not by_type and importlib.util.find_spec("scanner.commands.scan") is not None:
        verdicts = {}
        for mode in ("arm", "graph"):
            reports = tmp_path / f"reports-{mode}"
            assert run_cli(["scan", str(tmp_path / f"{mode}.json"), "--output-dir", str(reports), "--quiet", "--workers", "1",
                            "--fail-on", "none"]) == 0
            results = json.loads((reports / "results.json").read_text("utf-8"))["results"]
            verdicts[mode] = sorted((r.get("rule_id", ""), r["resource_id"].lower(), r["status"]) for r in results)
        assert verdicts["graph"] == verdicts["arm"] and verdicts["arm"]
        # the derived sections decide verdicts: the resource group's Deny assignment guards alpha and
        # beta, not gamma; every workspace's approved private endpoint counts
        by_rule = {(rule, rid.rsplit("/", 1)[-1]): status for rule, rid, status in verdicts["graph"]}
        assert [by_rule[("AML-GOV-004", n)] for n in ("mlw-alpha", "mlw-beta", "mlw-gamma")] == ["pass", "pass", "fail"]
        assert {by_rule[("AML-NET-003", n)] for n in ("mlw-alpha", "mlw-beta", "mlw-gamma")} == {"pass"}


def test_resource_graph_collection_keeps_section_statuses(replay, ca_bundle, arm_token, tmp_path):
    """A linked resource missing from the graph is read with a GET: not_found stays not_found."""
    graph, seen = _collect(replay, ca_bundle, tmp_path / "graph.json", "--discovery", "resource-graph", "--max-retries", "2")
    assert schema_errors(graph) == []
    beta = by_name(graph)["mlw-beta"]
    assert beta["storage_account"]["status"] == "not_found"
    assert beta["storage_account"]["resource_id"] == BETA.storage_id
    assert "ResourceNotFound" in beta["storage_account"]["message"]
    assert beta["blob_service"]["status"] == "not_found"
    assert beta["role_assignments"][BETA.storage_id.lower()]["status"] == "not_found"
    assert beta["locks"][BETA.storage_id.lower()]["status"] == "not_found"
    assert beta["key_vault"]["status"] == "ok" and "Resource Graph" in beta["key_vault"]["message"]
    gets = [r.path.lower() for r in seen if r.method == "GET"]
    assert BETA.storage_id.lower() in gets  # looked up after the graph did not return it
    gamma = by_name(graph)["mlw-gamma"]
    assert gamma["connections"]["status"] == "error" and "malformed JSON" in gamma["connections"]["message"]
    assert gamma["computes"]["status"] == "ok" and len(gamma["computes"]["items"]) == 2
    assert_read_only(seen)


def test_failed_graph_query_falls_back_to_gets(clean_replay, ca_bundle, arm_token, tmp_path, capsys):
    """A batched query that fails (here: the authorizationresources table is refused) is a warning;
    its sections are read with GETs, with the same content."""
    tables = clean_replay.tenant.graph_tables()
    clean_replay.tenant._graph_tables = {"resources": tables["resources"]}
    graph, seen = _collect(clean_replay, ca_bundle, tmp_path / "graph.json", "--discovery", "resource-graph")
    assert "role assignments" in capsys.readouterr().err
    alpha = by_name(graph)["mlw-alpha"]
    section = alpha["role_assignments"][alpha["id"].lower()]
    assert section["status"] == "ok" and section["api_version"] == "2022-04-01" and len(section["items"]) == 3
    assert alpha["storage_account"]["api_version"] == "2021-03-01"  # the other queries still served
    assert_read_only(seen)


def test_child_lists_fall_back_to_gets_when_the_workspace_row_lacks_them(clean_replay, ca_bundle, arm_token, tmp_path):
    """A workspace row without privateEndpointConnections or managedNetwork.outboundRules (an older
    api-version indexed, no managed network): those lists are read with GETs, with the same items."""
    import copy

    tables = clean_replay.tenant.graph_tables()
    rows = copy.deepcopy(tables["resources"])
    (row,) = [r for r in rows if r["id"].lower() == ALPHA.id.lower()]
    del row["properties"]["privateEndpointConnections"]
    del row["properties"]["managedNetwork"]["outboundRules"]
    clean_replay.tenant._graph_tables = {**tables, "resources": rows}
    arm, _ = _collect(clean_replay, ca_bundle, tmp_path / "arm.json")
    graph, seen = _collect(clean_replay, ca_bundle, tmp_path / "graph.json", "--discovery", "resource-graph")
    alpha, beta, arm_alpha = by_name(graph)["mlw-alpha"], by_name(graph)["mlw-beta"], by_name(arm)["mlw-alpha"]
    for key, child in (("private_endpoint_connections", "privateEndpointConnections"), ("outbound_rules", "outboundRules")):
        assert alpha[key]["status"] == "ok" and alpha[key]["api_version"] == "2025-12-01", key
        assert "derived" not in (alpha[key].get("message") or "")
        assert alpha[key]["items"] and _items(alpha[key]) == _items(arm_alpha[key])
        assert beta[key]["api_version"] == "2021-03-01" and "derived" in beta[key]["message"]  # the others still derive
        gets = [r.owner for r in seen if r.method == "GET" and r.path.lower().endswith("/" + child.lower())]
        assert gets == ["mlw-alpha"]
    assert_read_only(seen)


def test_policy_assignments_fall_back_to_at_scope_gets(clean_replay, ca_bundle, arm_token, tmp_path):
    """When the subscription's unfiltered list cannot be read, each scope is read with its own
    atScope() GET as with arm discovery, and a refusal there stays `forbidden`."""
    refused = Response(403, {"error": {"code": "AuthorizationFailed", "message": "no Microsoft.Authorization/policyAssignments/read"}})
    path = f"/subscriptions/{SUB_MAIN}/providers/Microsoft.Authorization/policyAssignments"
    clean_replay.tenant.add(path, refused, skiptoken=UNFILTERED)
    clean_replay.tenant.add(f"{BETA.id}/providers/Microsoft.Authorization/policyAssignments", refused)
    arm, _ = _collect(clean_replay, ca_bundle, tmp_path / "arm.json")
    graph, seen = _collect(clean_replay, ca_bundle, tmp_path / "graph.json", "--discovery", "resource-graph")
    graph_ws, arm_ws = by_name(graph), by_name(arm)
    assert graph_ws["mlw-beta"]["policy_assignments"]["status"] == arm_ws["mlw-beta"]["policy_assignments"]["status"] == "forbidden"
    for name in ("mlw-alpha", "mlw-gamma"):
        section = graph_ws[name]["policy_assignments"]
        assert section["status"] == "ok" and "no $filter" not in (section.get("message") or "")
        assert _items(section) == _items(arm_ws[name]["policy_assignments"]) and section["effects"] == arm_ws[name]["policy_assignments"]["effects"]
    sub = graph["subscriptions"][0]["policy_assignments"]
    assert sub["status"] == "ok" and _items(sub) == _items(arm["subscriptions"][0]["policy_assignments"])
    reads = [(r.owner, (r.query.get("$filter") or [None])[0]) for r in seen if r.path.lower().endswith("/policyassignments")]
    assert sorted(reads, key=str) == sorted([("shared", None), ("shared", "atScope()"), ("mlw-alpha", "atScope()"),
                                             ("mlw-beta", "atScope()"), ("mlw-gamma", "atScope()")], key=str)


def test_resources_shared_by_workspaces_are_read_once(ca, ca_bundle, arm_token, tmp_path):
    """Two workspaces with one key vault: its diagnostic settings are read once with resource-graph
    discovery (once per workspace with arm), and both workspaces carry them. The container registry
    they also share has no diagnostic settings read at all (no rule reads them)."""
    shared = Workspace(SUB_MAIN, BETA.rg, BETA.ws, BETA.st, ALPHA.kv, ALPHA.acr, BETA.appi)
    vault = ALPHA.kv_id.lower()
    registry = ALPHA.res("Microsoft.ContainerRegistry/registries", ALPHA.acr).lower()
    with ReplayServer(ReplayTenant([ALPHA, shared]), ca) as server:
        arm, arm_seen = _collect(server, ca_bundle, tmp_path / "arm.json")
        graph, graph_seen = _collect(server, ca_bundle, tmp_path / "graph.json", "--discovery", "resource-graph")
    reads = {mode: [r for r in seen if r.path.lower() == vault + "/providers/microsoft.insights/diagnosticsettings"]
             for mode, seen in (("arm", arm_seen), ("graph", graph_seen))}
    assert len(reads["arm"]) == 2 and len(reads["graph"]) == 1
    for name, ws in by_name(graph).items():
        section = ws["diagnostic_settings"][vault]
        assert section["status"] == "ok" and _items(section) == _items(by_name(arm)[name]["diagnostic_settings"][vault])
        assert registry not in ws["diagnostic_settings"] and registry not in by_name(arm)[name]["diagnostic_settings"]
    assert not [r for r in arm_seen + graph_seen if r.path.lower() == registry + "/providers/microsoft.insights/diagnosticsettings"]


WS_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w"


def test_derived_child_lists():
    from scanner.collect import derived

    got = {"status": "ok", "api_version": "2025-12-01"}  # the workspace came from a GET (not in the graph)
    ws = {"id": WS_ID, "properties": {"privateEndpointConnections": [], "managedNetwork": {"isolationMode": "Disabled"}}}
    pec = derived.private_endpoint_connections(ws, got)
    assert pec["status"] == "ok" and pec["items"] == [] and "its GET at api-version 2025-12-01" in pec["message"]
    assert derived.outbound_rules(ws, got) is None  # no outboundRules in managedNetwork: GET the list
    assert derived.private_endpoint_connections({"id": WS_ID, "properties": {}}, got) is None
    assert derived.private_endpoint_connections({"id": WS_ID, "properties": {"privateEndpointConnections": [{"name": "x"}]}}, got) is None
    pe_rule = {"type": "PrivateEndpoint", "category": "Required", "status": "Active",
               "destination": {"serviceResourceId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", "subresourceTarget": "vault"}}
    ws["properties"]["managedNetwork"]["outboundRules"] = {"pypi": {"type": "FQDN", "destination": "pypi.org"}, "__SYS_PE_kv": pe_rule}
    rules = derived.outbound_rules(ws, got)
    assert [r["name"] for r in rules["items"]] == ["__SYS_PE_kv", "pypi"]
    assert rules["items"][0] == {"id": f"{WS_ID}/outboundRules/__SYS_PE_kv", "name": "__SYS_PE_kv",
                                 "type": "Microsoft.MachineLearningServices/workspaces/outboundRules", "properties": pe_rule}
    ws["properties"]["managedNetwork"]["outboundRules"]["bad"] = "FQDN"
    assert derived.outbound_rules(ws, got) is None  # not the documented shape: GET the list


class _PolicyLists:
    """A client whose unfiltered subscription list is `items` (or an ArmError); definitions are unreadable."""

    def __init__(self, items):
        self.items, self.calls = items, []

    def list_items(self, path, api_version, params=None):
        from scanner.collect.arm import ArmError

        self.calls.append((path, params))
        if isinstance(self.items, ArmError):
            raise self.items
        return list(self.items), None

    def get_json(self, path, api_version=None, params=None):
        from scanner.collect.arm import ArmError

        raise ArmError("forbidden", "definitions are not read here")


def test_derived_policy_assignments_keep_at_scope_semantics():
    from scanner.collect.arm import ArmError
    from scanner.collect.governance import derived_policy_assignments_section
    from scanner.collect.sections import Cache

    def assignment(name, scope, with_scope=True):
        props = {"policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/d", "parameters": {"effect": {"value": "Deny"}}}
        if with_scope:
            props["scope"] = scope
        return {"id": f"{scope}/providers/Microsoft.Authorization/policyAssignments/{name}", "name": name,
                "type": "Microsoft.Authorization/policyAssignments", "properties": props}

    items = [
        assignment("mg", "/providers/Microsoft.Management/managementGroups/root"),
        assignment("sub", "/subscriptions/s"),
        assignment("rg", "/subscriptions/s/resourceGroups/RG"),  # casing differs from the workspace id
        assignment("rg2", "/subscriptions/s/resourceGroups/rg2"),
        assignment("rg-prefix", "/subscriptions/s/resourceGroups/r"),
        assignment("ws", WS_ID, with_scope=False),  # scope taken from the id
        assignment("below", WS_ID + "/computes/c"),
    ]
    client, cache = _PolicyLists(items), Cache()
    ws = derived_policy_assignments_section(client, cache, WS_ID)
    assert [a["name"] for a in ws["items"]] == ["mg", "sub", "rg", "ws"]
    assert ws["effects"][items[0]["id"].lower()] == "Deny" and ws["status"] == "ok" and ws["api_version"] == "2023-04-01"
    sub = derived_policy_assignments_section(client, cache, "/subscriptions/s")
    assert [a["name"] for a in sub["items"]] == ["mg", "sub"]
    assert client.calls == [("/subscriptions/s/providers/Microsoft.Authorization/policyAssignments", None)]  # read once, no $filter
    refused = _PolicyLists(ArmError("forbidden", "no"))
    assert derived_policy_assignments_section(refused, Cache(), WS_ID) is None  # the caller GETs atScope()
    assert derived_policy_assignments_section(client, cache, "/providers/Microsoft.Management/managementGroups/root") is None


def test_graph_helpers():
    from scanner.collect.graph import applies_to, arm_shape, in_list

    ws = "/subscriptions/S/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/W"
    assert applies_to("/subscriptions/s", ws) and applies_to("/subscriptions/s/resourcegroups/rg", ws) and applies_to(ws.lower(), ws)
    assert not applies_to("/subscriptions/s/resourceGroups/rg2", ws) and not applies_to("/subscriptions/s/resourceGroups/r", ws)
    row = arm_shape({"id": ws, "type": "microsoft.machinelearningservices/workspaces", "zones": None, "kind": "Default"})
    assert row == {"id": ws, "type": "Microsoft.MachineLearningServices/workspaces", "kind": "Default"}
    assert in_list(["a'b"]) == "('a\\'b')"
