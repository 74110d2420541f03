package amlscan.rules.monitoring.endpoint_latency_alert_test

import data.amlscan.rules.monitoring.endpoint_latency_alert as rule

ep1(id) := {"id": id, "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"}

alert2(metric, scope) := {"name": "lat", "properties": {"enabled": true, "scopes": [scope], "criteria": {"allOf": [{"metricName": metric}]}}}

statuses(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail_per_endpoint if {
	statuses(rule.results) == {"/e1": "pass", "/e2": "fail"} with input as {"id": "/w", "online_endpoints": {"status": "ok", "items": [ep1("/e1"), ep1("/e2")]}, "metric_alerts": {"status": "ok", "items": [alert2("RequestLatency_P99", "/E1")]}}
}

test_unknown_alerts_forbidden if statuses(rule.results) == {"/e1": "unknown"} with input as {"id": "/w", "online_endpoints": {"status": "ok", "items": [ep1("/e1")]}, "metric_alerts": {"status": "forbidden"}}

test_unknown_endpoints_error if statuses(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "online_endpoints": {"status": "error"}}
