"""End to end: `amlscan collect` against the loopback ARM replay server, real Azure SDK pipeline."""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest

from tests.collect.conftest import ALPHA, BETA, GAMMA, TIMEOUT_SECONDS
from tests.collect.helpers import assert_read_only, leaked_secrets, run_cli, run_cli_subprocess, schema_errors
from tests.collect.replay import SUB_MAIN, SUB_OTHER, TENANT

# Requests per workspace for one collection of SUB_MAIN with the fault plan (retries included).
# Lower these when the collector gets leaner; they must never go up unnoticed.
# +1 for alpha and gamma since blobServices/default is collected (beta's storage account is gone:
# no request is made for its blob service). Issue 14: +6 per workspace (the Cosmos DB account, search
# service and storage account its encryption settings name; its CMK key, the vault's key and secret
# lists) and -1 (a storage account's own diagnostic settings, metrics only, are no longer read);
# +14 shared (Defender plans, ML registries and the role assignments on them, the initiative and its
# 3 member definitions not read before, the shared data lake a datastore points at: its account once,
# its role assignments and blob diagnostic settings once per workspace). -1 per workspace: a container
# registry's diagnostic settings are no longer read (no rule reads them).
REQUEST_BUDGET = {"mlw-alpha": 31, "mlw-beta": 27, "mlw-gamma": 37, "shared": 28}


def collect_args(server, ca_bundle, output, *extra: str) -> list[str]:
    return [
        "collect", "--auth", "token", "--arm-endpoint", server.base, "--ca-bundle", str(ca_bundle),
        "--output", str(output), "--timeout", str(TIMEOUT_SECONDS), "--max-retries", "2", "--no-progress", *extra,
    ]


def by_name(snapshot):
    return {ws["id"].rsplit("/", 1)[-1]: ws for ws in snapshot["workspaces"]}


def test_collect_in_process_with_faults(replay, ca_bundle, arm_token, tmp_path, capsys):
    out = tmp_path / "snap.json"
    rc = run_cli(collect_args(replay, ca_bundle, out, "--subscription", SUB_MAIN, "--max-workers", "3"))
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    text = out.read_text("utf-8")
    snapshot = json.loads(text)
    assert schema_errors(snapshot) == []
    assert snapshot["source"]["kind"] == "live" and snapshot["source"]["location"] == replay.base
    assert snapshot["tenant_id"] == TENANT
    assert [s["subscription_id"] for s in snapshot["subscriptions"]] == [SUB_MAIN]
    assert snapshot["subscriptions"][0]["activity_log_alerts"]["status"] == "ok"
    ws = by_name(snapshot)
    assert sorted(ws) == ["mlw-alpha", "mlw-beta", "mlw-gamma"]

    # healthy workspace: every section ok, raw ARM JSON and api-version kept
    alpha = ws["mlw-alpha"]
    for key, section in alpha.items():
        if isinstance(section, dict) and "status" in section:
            assert section["status"] == "ok", (key, section)
    for key in ("role_assignments", "diagnostic_settings", "locks", "associated_private_endpoint_connections",
                "datastore_storage_accounts", "datastore_role_assignments", "log_analytics_destinations"):
        assert alpha[key] and all(s["status"] == "ok" for s in alpha[key].values()), key
        assert all(k == k.lower() for k in alpha[key])
    assert alpha["workspace"]["api_version"] == "2025-12-01"
    props = alpha["workspace"]["resource"]["properties"]
    assert props["managedNetwork"]["isolationMode"] == "AllowOnlyApprovedOutbound"
    assert props["publicNetworkAccess"] == "Disabled" and props["systemDatastoresAuthMode"] == "identity"
    assert [c["name"] for c in alpha["computes"]["items"]] == ["ci-analyst", "train-cluster"]  # nextLink followed
    assert alpha["datastores"]["items"][0]["properties"]["credentials"] == {"credentialsType": "AccountKey"}
    assert alpha["connections"]["items"][0]["properties"] == {"category": "Git", "target": "https://github.com/contoso/models", "authType": "PAT", "isSharedToAll": False}
    assert alpha["log_analytics_workspace"]["resource"]["properties"]["retentionInDays"] == 365
    assert alpha["cmk_key_vault"]["resource"]["name"] == ALPHA.kv
    assert [a["name"] for a in alpha["metric_alerts"]["items"]] == ["mlw-alpha-failed-runs"]
    assert ws["mlw-beta"]["metric_alerts"]["items"] == []
    roles = alpha["role_assignments"][ALPHA.id.lower()]["items"]
    assert {r["role_definition"]["properties"]["roleName"] for r in roles} == {"Storage Blob Data Contributor", "Contributor", "ML Pipeline Operator"}
    assert {r["role_definition"]["properties"]["type"] for r in roles} == {"BuiltInRole", "CustomRole"}
    assert [r.get("inherited_from") for r in roles] == [None, f"/subscriptions/{SUB_MAIN}", f"/subscriptions/{SUB_MAIN}"]
    assert ALPHA.storage_id.lower() in alpha["role_assignments"]
    assert f"{ALPHA.storage_id}/blobServices/default".lower() in alpha["diagnostic_settings"]
    assert alpha["blob_service"]["status"] == "ok"
    assert alpha["blob_service"]["resource"]["properties"]["isVersioningEnabled"] is True
    policy = alpha["policy_assignments"]
    assert set(policy["effects"].values()) == {"Deny", "Audit", None}  # None: the initiative (see resolved_policies)
    assert sorted({d["type"] for d in policy["definitions"].values()}) == ["Microsoft.Authorization/policyDefinitions",
                                                                           "Microsoft.Authorization/policySetDefinitions"]

    # beta: storage account gone (a finding, not a crash), role assignments refused
    beta = ws["mlw-beta"]
    assert beta["storage_account"]["status"] == "not_found"
    assert beta["storage_account"]["resource"] is None
    assert beta["storage_account"]["resource_id"] == BETA.storage_id
    assert "ResourceNotFound" in beta["storage_account"]["message"]
    assert beta["blob_service"]["status"] == "not_found"
    assert beta["role_assignments"][BETA.id.lower()]["status"] == "forbidden"
    assert "AuthorizationFailed" in beta["role_assignments"][BETA.id.lower()]["message"]
    assert beta["role_assignments"][BETA.storage_id.lower()]["status"] == "not_found"
    assert beta["diagnostic_settings"][f"{BETA.storage_id}/blobServices/default".lower()]["status"] == "not_found"
    assert BETA.storage_id.lower() not in beta["diagnostic_settings"]  # an account's own settings hold metrics only: not read
    assert beta["key_vault"]["status"] == "ok" and beta["computes"]["status"] == "ok"

    # gamma: throttled and 500 recovered; malformed JSON, cycle and timeout recorded
    gamma = ws["mlw-gamma"]
    assert gamma["computes"]["status"] == "ok" and len(gamma["computes"]["items"]) == 2
    assert gamma["datastores"]["status"] == "ok"
    assert gamma["connections"]["status"] == "error" and "malformed JSON" in gamma["connections"]["message"]
    assert gamma["online_endpoints"]["status"] == "ok" and "cycle" in gamma["online_endpoints"]["message"]
    assert [e["name"] for e in gamma["online_endpoints"]["items"]] == ["triage-score"]
    assert gamma["batch_endpoints"]["status"] == "error" and "timeout" in gamma["batch_endpoints"]["message"]

    # security: no planted secret and no token anywhere we wrote
    assert leaked_secrets(text, arm_token) == []
    assert leaked_secrets(captured.out + captured.err, arm_token) == []
    assert_read_only(replay.tenant.seen)
    assert all(r.authorization == f"Bearer {arm_token}" for r in replay.tenant.seen)

    # reliability: Retry-After honoured, 500 retried once, slow response retried within the budget
    computes = [r.at for r in replay.tenant.seen if r.path.lower() == f"{GAMMA.id}/computes".lower() and not r.query.get("$skiptoken")]
    assert len(computes) == 2 and computes[1] - computes[0] >= 0.9
    datastores = [r for r in replay.tenant.seen if r.path.lower() == f"{GAMMA.id}/datastores".lower()]
    assert len(datastores) == 2
    batch = [r for r in replay.tenant.seen if r.path.lower() == f"{GAMMA.id}/batchEndpoints".lower()]
    assert len(batch) == 3  # first try + --max-retries 2

    # request budget per workspace: may only go down
    counts = Counter(r.owner for r in replay.tenant.seen)
    for owner, budget in REQUEST_BUDGET.items():
        assert counts[owner] <= budget, (owner, counts[owner], budget)


def test_collect_subprocess(clean_replay, ca_bundle, arm_token, tmp_path):
    out = tmp_path / "snap.json"
    env = {**os.environ, "AMLSCAN_ARM_TOKEN": arm_token}
    proc = run_cli_subprocess(collect_args(clean_replay, ca_bundle, out, "--subscription", SUB_MAIN), env)
    assert proc.returncode == 0, proc.stderr
    assert leaked_secrets(proc.stdout + proc.stderr, arm_token) == []
    assert "\x1b[" not in proc.stderr  # no progress bar when stderr is not a terminal
    snapshot = json.loads(out.read_text("utf-8"))
    assert schema_errors(snapshot) == []
    assert sorted(by_name(snapshot)) == ["mlw-alpha", "mlw-beta", "mlw-gamma"]
    for ws in snapshot["workspaces"]:
        assert all(s["status"] == "ok" for s in ws.values() if isinstance(s, dict) and "status" in s), ws["id"]
    assert leaked_secrets(out.read_text("utf-8"), arm_token) == []
    assert_read_only(clean_replay.tenant.seen)


def test_resource_graph_discovery_pages_across_subscriptions(clean_replay, ca_bundle, arm_token, tmp_path):
    clean_replay.tenant.graph_page_rows = 2  # 4 workspaces: two pages
    out = tmp_path / "snap.json"
    assert run_cli(collect_args(clean_replay, ca_bundle, out, "--discovery", "resource-graph")) == 0
    snapshot = json.loads(out.read_text("utf-8"))
    assert schema_errors(snapshot) == []
    assert sorted(by_name(snapshot)) == ["mlw-alpha", "mlw-beta", "mlw-delta", "mlw-gamma"]
    assert sorted(s["subscription_id"] for s in snapshot["subscriptions"]) == sorted([SUB_MAIN, SUB_OTHER])
    assert snapshot["source"]["discovery"] == "resource-graph"
    discovery = [token for query, token in clean_replay.tenant.graph_queries if "machinelearningservices/workspaces'" in query and " or " not in query]
    assert discovery == ["", "skip2"]  # two pages via $skipToken
    posts = [r for r in clean_replay.tenant.seen if r.method == "POST"]
    assert len(posts) == len(clean_replay.tenant.graph_queries)
    assert not any("/providers/Microsoft.MachineLearningServices/workspaces" == r.path[-52:] for r in clean_replay.tenant.seen)
    assert_read_only(clean_replay.tenant.seen)


def test_all_subscriptions_and_filters(clean_replay, ca_bundle, arm_token, tmp_path):
    out = tmp_path / "all.json"
    assert run_cli(collect_args(clean_replay, ca_bundle, out, "--all-subscriptions")) == 0
    assert sorted(by_name(json.loads(out.read_text("utf-8")))) == ["mlw-alpha", "mlw-beta", "mlw-delta", "mlw-gamma"]

    one = tmp_path / "one.json"
    before = len(clean_replay.tenant.seen)
    args = collect_args(clean_replay, ca_bundle, one, "--subscription", SUB_MAIN, "--resource-group", "rg-ml-prod", "--workspace", "MLW-BETA")
    assert run_cli(args) == 0
    snapshot = json.loads(one.read_text("utf-8"))
    assert list(by_name(snapshot)) == ["mlw-beta"]
    assert snapshot["source"]["scope"] == [f"/subscriptions/{SUB_MAIN}/resourceGroups/rg-ml-prod"]
    owners = {r.owner for r in clean_replay.tenant.seen[before:]}
    assert owners == {"mlw-beta", "shared"}  # nothing read for the workspaces out of scope


@pytest.mark.parametrize(
    "argv, env_token, needle",
    [
        (["--auth", "token"], True, "--subscription"),
        (["--auth", "token", "--subscription", "not-a-guid"], True, "GUID"),
        (["--auth", "token", "--subscription", SUB_MAIN], False, "AMLSCAN_ARM_TOKEN"),
        (["--auth", "token", "--subscription", SUB_MAIN, "--all-subscriptions"], True, "not both"),
        (["--auth", "token", "--subscription", SUB_MAIN, "--arm-endpoint", "http://127.0.0.1:1"], True, "https"),
        (["--auth", "token", "--subscription", SUB_MAIN, "--ca-bundle", "/nonexistent/ca.pem"], True, "ca-bundle"),
    ],
)
def test_usage_errors_exit_2(argv, env_token, needle, tmp_path, monkeypatch, capsys):
    if env_token:
        monkeypatch.setenv("AMLSCAN_ARM_TOKEN", "x.y.z")
    else:
        monkeypatch.delenv("AMLSCAN_ARM_TOKEN", raising=False)
    out = tmp_path / "snap.json"
    assert run_cli(["collect", "--output", str(out), "--no-progress", *argv]) == 2
    assert needle in capsys.readouterr().err
    assert not out.exists()


def test_discovery_failure_exits_3_and_writes_nothing(clean_replay, ca_bundle, arm_token, tmp_path, capsys):
    out = tmp_path / "snap.json"
    missing = "00000000-0000-4000-8000-000000000000"
    assert run_cli(collect_args(clean_replay, ca_bundle, out, "--subscription", missing)) == 3
    assert "could not list workspaces" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_leaves_nothing_behind(clean_replay, ca_bundle, arm_token, tmp_path, monkeypatch):
    import scanner.collect.workspace as workspace

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(workspace, "collect_workspace", interrupted)
    out = tmp_path / "snap.json"
    assert run_cli(collect_args(clean_replay, ca_bundle, out, "--subscription", SUB_MAIN)) == 130
    assert list(tmp_path.iterdir()) == []


def test_untrusted_certificate_is_refused(clean_replay, arm_token, tmp_path, capsys):
    out = tmp_path / "snap.json"
    args = ["collect", "--auth", "token", "--arm-endpoint", clean_replay.base, "--subscription", SUB_MAIN,
            "--output", str(out), "--timeout", "1", "--max-retries", "0", "--no-progress"]
    assert run_cli(args) == 3
    assert not out.exists()
    assert leaked_secrets(capsys.readouterr().err, arm_token) == []


def test_scan_judges_a_collected_snapshot(clean_replay, ca_bundle, arm_token, tmp_path):
    """`amlscan scan` reads what `collect` wrote; nothing secret reaches any report."""
    import importlib.util

    if importlib.util.find_spec("scanner.commands.scan") is None:
        pytest.skip("scan command not available yet")
    out = tmp_path / "snap.json"
    assert run_cli(collect_args(clean_replay, ca_bundle, out, "--subscription", SUB_MAIN)) == 0
    reports = tmp_path / "reports"
    rc = run_cli(["scan", str(out), "--output-dir", str(reports), "--quiet", "--workers", "1", "--fail-on", "none"])
    assert rc == 0
    results = json.loads((reports / "results.json").read_text("utf-8"))["results"]
    assert results and {r["status"] for r in results} <= {"pass", "fail", "unknown", "waived"}
    assert {r["resource_id"].rsplit("/", 1)[-1] for r in results} >= {"mlw-alpha", "mlw-beta", "mlw-gamma"}
    for path in reports.rglob("*"):
        if path.is_file():
            assert leaked_secrets(path.read_text("utf-8", errors="replace"), arm_token) == [], path.name


def test_scan_with_a_live_scope_collects_then_scans(clean_replay, ca_bundle, arm_token, tmp_path):
    """`amlscan scan --subscription ...` collects into <output-dir>/snapshot.json and judges it."""
    reports = tmp_path / "reports"
    rc = run_cli([
        "scan", "--subscription", SUB_MAIN, "--auth", "token", "--arm-endpoint", clean_replay.base,
        "--ca-bundle", str(ca_bundle), "--output-dir", str(reports), "--quiet", "--workers", "1", "--fail-on", "none",
    ])
    assert rc == 0
    snapshot = json.loads((reports / "snapshot.json").read_text("utf-8"))
    assert schema_errors(snapshot) == []
    assert snapshot["source"]["kind"] == "live"
    document = json.loads((reports / "results.json").read_text("utf-8"))
    assert document["snapshot"]["path"].endswith("snapshot.json")
    assert {r["workspace_id"].rsplit("/", 1)[-1] for r in document["results"]} >= {"mlw-alpha", "mlw-beta", "mlw-gamma"}
    sarif = json.loads((reports / "amlscan.sarif").read_text("utf-8"))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"] for loc in r["locations"]}
    assert uris and all(uri.endswith("snapshot.json") for uri in uris)
    assert_read_only(clean_replay.tenant.seen)


def test_scan_refuses_snapshot_and_live_scope_together(tmp_path, capsys):
    rc = run_cli(["scan", "fixtures/hipaa-hardened.json", "--subscription", SUB_MAIN, "--output-dir", str(tmp_path / "r")])
    assert rc == 2
    assert "not both" in capsys.readouterr().err
