"""A value of a list item known only at deployment (a parameter without a value) is unknown to every
rule that judges the item: never a pass, and no fail on the null that stands in for it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.iac.helpers import scan

WS = "Microsoft.MachineLearningServices/workspaces"
UNKNOWN_VALUE = "[parameters('s')]"


def _child(kind: str, name: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": f"{WS}/{kind}", "apiVersion": "2024-04-01", "name": f"ws/{name}", "properties": properties}


def _template() -> dict[str, Any]:
    cluster = {"computeType": "AmlCompute", "disableLocalAuth": "[parameters('b')]", "properties": {
        "enableNodePublicIp": "[parameters('b')]", "remoteLoginPortPublicAccess": UNKNOWN_VALUE,
        "scaleSettings": {"minNodeCount": "[parameters('i')]", "maxNodeCount": 2}, "subnet": {"id": UNKNOWN_VALUE}}}
    instance = {"computeType": "ComputeInstance", "disableLocalAuth": True, "properties": {
        "enableNodePublicIp": False, "idleTimeBeforeShutdown": UNKNOWN_VALUE, "sshSettings": {"sshPublicAccess": UNKNOWN_VALUE}}}
    alert = {"type": "Microsoft.Insights/metricAlerts", "apiVersion": "2018-03-01", "name": "latency", "location": "global",
             "properties": {"enabled": "[parameters('b')]", "severity": 2, "evaluationFrequency": "PT1M", "windowSize": "PT5M",
                            "scopes": [f"[resourceId('{WS}/onlineEndpoints', 'ws', 'e1')]"],
                            "criteria": {"odata.type": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
                                         "allOf": [{"name": "c", "metricName": "RequestLatency", "operator": "GreaterThan",
                                                    "threshold": 1000, "timeAggregation": "Average"}]}}}
    return {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"b": {"type": "bool"}, "s": {"type": "string"}, "i": {"type": "int"}},
        "resources": [
            {"type": WS, "apiVersion": "2024-04-01", "name": "ws", "location": "westeurope", "properties": {}},
            _child("computes", "c1", cluster),
            _child("computes", "ci1", instance),
            _child("computes", "k1", {"computeType": UNKNOWN_VALUE}),
            _child("onlineEndpoints", "e1", {"authMode": UNKNOWN_VALUE, "publicNetworkAccess": UNKNOWN_VALUE}),
            _child("datastores", "d1", {"datastoreType": "AzureBlob", "accountName": "a", "containerName": "c",
                                        "credentials": {"credentialsType": UNKNOWN_VALUE}}),
            _child("connections", "n1", {"category": "AzureOpenAI", "target": "https://x", "authType": UNKNOWN_VALUE}),
            alert,
        ],
    }


# rule -> {item name: the unresolved path its verdict needs}
EXPECTED = {
    "AML-CMP-001": {"c1": "properties.disableLocalAuth", "k1": "properties.computeType"},
    "AML-CMP-002": {"c1": "properties.properties.enableNodePublicIp", "k1": "properties.computeType"},
    "AML-CMP-003": {"c1": "properties.properties.subnet.id", "ci1": None, "k1": "properties.computeType"},
    "AML-CMP-004": {"c1": "properties.properties.remoteLoginPortPublicAccess", "ci1": "properties.properties.sshSettings.sshPublicAccess",
                    "k1": "properties.computeType"},
    "AML-CMP-005": {"k1": "properties.computeType"},
    "AML-CMP-006": {"ci1": "properties.properties.idleTimeBeforeShutdown", "k1": "properties.computeType"},
    "AML-CMP-007": {"c1": "properties.properties.scaleSettings.minNodeCount", "k1": "properties.computeType"},
    "AML-EPT-001": {"e1": "properties.publicNetworkAccess"},
    "AML-EPT-002": {"e1": "properties.authMode"},
    "AML-DST-001": {"d1": "properties.credentials.credentialsType"},
    "AML-CON-001": {"n1": "properties.authType"},
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("unresolved-items")
    template = tmp / "main.json"
    template.write_text(json.dumps(_template()))
    _, report, _ = scan(tmp, str(template), "--format", "json")
    return list(report["results"])


def _by_item(results: list[dict[str, Any]], rule: str) -> dict[str, dict[str, Any]]:
    return {r["resource_id"].rsplit("/", 1)[-1]: r for r in results if r["rule_id"] == rule}


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_an_unresolved_item_value_is_unknown(results: list[dict[str, Any]], rule: str) -> None:
    verdicts = _by_item(results, rule)
    for item, path in EXPECTED[rule].items():
        if path is None:
            continue
        assert verdicts[item]["status"] == "unknown", (rule, item, verdicts[item])
        assert verdicts[item]["message"] == f"Could not resolve {path}."


def test_no_pass_and_no_fail_on_an_unresolved_item_value(results: list[dict[str, Any]]) -> None:
    judged = {(rule, item) for rule, items in EXPECTED.items() for item, path in items.items() if path}
    decided = [(r["rule_id"], r["resource_id"]) for r in results
               if (r["rule_id"], r["resource_id"].rsplit("/", 1)[-1]) in judged and r["status"] != "unknown"]
    assert decided == []


def test_a_resolved_value_of_the_same_item_is_still_judged(results: list[dict[str, Any]]) -> None:
    # the instance's local auth and public IP are given: decided, unresolved siblings do not matter
    assert _by_item(results, "AML-CMP-001")["ci1"]["status"] == "pass"
    assert _by_item(results, "AML-CMP-002")["ci1"]["status"] == "pass"


def test_an_alert_enabled_only_at_deployment_is_no_pass(results: list[dict[str, Any]]) -> None:
    latency = _by_item(results, "AML-MON-003")["e1"]
    assert latency["status"] == "unknown"
    assert "the settings of latency could not be resolved" in latency["message"]

