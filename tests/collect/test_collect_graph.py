"""`--discovery resource-graph` batches collection: a few paged Resource Graph queries replace most
per-workspace GETs, and the snapshot says the same as `--discovery arm` for the same tenant."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.collect.conftest import BETA
from tests.collect.helpers import assert_read_only, leaked_secrets, run_cli, schema_errors
from tests.collect.replay import SUB_MAIN
from tests.collect.test_collect_e2e import by_name, collect_args

# Requests per workspace with resource-graph discovery, clean tenant (arm discovery: 27 for a healthy
# workspace). What is left per workspace: datastores, connections, private endpoint connections,
# outbound rules, blob service, 5 diagnostic settings lists, policy assignments (not in the graph).
GRAPH_BUDGET_PER_WORKSPACE = 11
GRAPH_BUDGET_SHARED = 14  # 5 graph queries + per subscription: subscription, alerts x2, policy, roleAssignments above it ...

RESOURCE_SECTIONS = ("workspace", "storage_account", "key_vault", "container_registry", "application_insights",
                     "log_analytics_workspace", "cmk_key_vault", "blob_service")
LIST_SECTIONS = ("computes", "datastores", "online_endpoints", "batch_endpoints", "connections",
                 "private_endpoint_connections", "outbound_rules", "metric_alerts")


def _items(section):
    return sorted((json.dumps(i, sort_keys=True) for i in section.get("items", [])))


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
    for key in ("diagnostic_settings", "locks"):
        out[key] = {rid: (s["status"], _items(s)) for rid, s in workspace[key].items()}
    out["role_assignments"] = {rid: (s["status"], _assignments(s)) for rid, s in workspace["role_assignments"].items()}
    policy = workspace["policy_assignments"]
    out["policy_assignments"] = (policy["status"], _items(policy), policy.get("effects"))
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

    # the batched sections say where they came from
    alpha = graph_ws["mlw-alpha"]
    assert alpha["workspace"]["api_version"] == "2021-03-01" and "Resource Graph" in alpha["workspace"]["message"]
    assert alpha["workspace"]["resource"]["type"] == "Microsoft.MachineLearningServices/workspaces"  # ARM casing restored
    assert alpha["datastores"]["api_version"] == "2025-12-01"  # not in the graph: GET

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


def test_graph_helpers():
    from scanner.collect.graph import applies_to, arm_shape, in_list

    ws = "/subscriptions/S/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/W"
    assert applies_to("/subscriptions/s", ws) and applies_to("/subscriptions/s/resourcegroups/rg", ws) and applies_to(ws.lower(), ws)
    assert not applies_to("/subscriptions/s/resourceGroups/rg2", ws) and not applies_to("/subscriptions/s/resourceGroups/r", ws)
    row = arm_shape({"id": ws, "type": "microsoft.machinelearningservices/workspaces", "zones": None, "kind": "Default"})
    assert row == {"id": ws, "type": "Microsoft.MachineLearningServices/workspaces", "kind": "Default"}
    assert in_list(["a'b"]) == "('a\\'b')"
