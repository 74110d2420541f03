package amlscan.rules.monitoring_endpoint_latency_alert_test

import rego.v1

import data.amlscan.rules.monitoring_endpoint_latency_alert as rule

ep1(id) := {"id": id, "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"}

alert2(metric, scope) := {"name": "lat", "properties": {"enabled": true, "scopes": [scope], "criteria": {"allOf": [{"metricName": metric}]}}}

statuses(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail_per_endpoint if {
	statuses(rule.verdicts({"id": "/w", "online_endpoints": {"status": "ok", "items": [ep1("/e1"), ep1("/e2")]}, "metric_alerts": {"status": "ok", "items": [alert2("RequestLatency_P99", "/E1")]}})) == {"/e1": "pass", "/e2": "fail"}
}

test_unknown_alerts_forbidden if statuses(rule.verdicts({"id": "/w", "online_endpoints": {"status": "ok", "items": [ep1("/e1")]}, "metric_alerts": {"status": "forbidden"}})) == {"/e1": "unknown"}

test_unknown_endpoints_error if statuses(rule.verdicts({"id": "/w", "online_endpoints": {"status": "error"}})) == {"/w": "unknown"}
