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

latency_input(alerts, unresolved) := {
	"id": "/w",
	"online_endpoints": {"status": "ok", "items": [ep1("/e1"), ep1("/e2")]},
	"metric_alerts": {"status": "ok", "items": alerts, "unresolved": unresolved},
}

# An alert whose enabled flag is unresolved counts neither as enabled nor as disabled.
test_unknown_when_a_matching_alert_is_unresolved if {
	rs := rule.results with input as latency_input([alert2("RequestLatency", "/e1")], ["items[0].properties.enabled"])
	{[r.resource_id, r.status] | some r in rs} == {["/e1", "unknown"], ["/e2", "fail"]}
	some r in rs
	r.resource_id == "/e1"
	r.message == "No resolved metric alert watches this endpoint's request latency; the settings of lat could not be resolved."
}

test_unknown_when_the_scope_or_metric_is_unresolved if {
	statuses(rule.results) == {"/e1": "unknown", "/e2": "unknown"} with input as latency_input([alert2("RequestLatency", null)], ["items[0].properties.scopes[0]"])
	statuses(rule.results) == {"/e1": "unknown", "/e2": "fail"} with input as latency_input([alert2(null, "/e1")], ["items[0].properties.criteria"])
}

# A resolved alert decides; an unresolved one that cannot be about latency does not matter.
test_unresolved_alert_does_not_change_a_decided_verdict if {
	alerts := [alert2("RequestLatency", "/e1"), alert2("CpuUtilization", "/e2")]
	statuses(rule.results) == {"/e1": "pass", "/e2": "fail"} with input as latency_input(alerts, ["items[1].properties.enabled"])
	statuses(rule.results) == {"/e1": "pass", "/e2": "fail"} with input as latency_input(array.concat(alerts, [alert2(null, "/e1")]), ["items[2].properties.criteria.allOf[0].metricName"])
}
