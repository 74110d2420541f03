package amlscan.rules.monitoring.failed_runs_alert_test

import data.amlscan.rules.monitoring.failed_runs_alert as rule

ws := {"id": "/W", "type": "Microsoft.MachineLearningServices/workspaces"}

alert3(metric, scope, enabled) := {"name": "a", "properties": {"enabled": enabled, "scopes": [scope], "criteria": {"allOf": [{"metricName": metric}]}}}

inp(sec) := {"id": "/W", "workspace": {"status": "ok", "resource": ws}, "metric_alerts": sec}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [alert3("Failed Runs", "/w", true)]})

test_fail_none if status(rule.results) == "fail" with input as inp({"status": "ok", "items": []})

test_fail_disabled_or_other_metric if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [alert3("Failed Runs", "/W", false), alert3("CpuUtilization", "/W", true)]})

test_unknown_forbidden if status(rule.results) == "unknown" with input as inp({"status": "forbidden", "items": []})

# An alert whose enabled flag is unresolved counts neither as enabled nor as disabled.
test_unknown_when_a_matching_alert_is_unresolved if {
	status(rule.results) == "unknown" with input as inp({"status": "ok", "items": [alert3(null, "/w", true)], "unresolved": ["items[0].properties.criteria.allOf[0].metricName"]})
	status(rule.results) == "unknown" with input as inp({"status": "ok", "items": [alert3("Failed Runs", null, true)], "unresolved": ["items[0].properties.scopes"]})
	status(rule.results) == "unknown" with input as inp({"status": "ok", "items": [{"name": "a", "properties": {"scopes": ["/w"], "criteria": {"allOf": null}}}], "unresolved": ["items[0].properties.criteria.allOf"]})
	rs := rule.results with input as inp({"status": "ok", "items": [alert3("Failed Runs", "/w", null)], "unresolved": ["items[0].properties.enabled"]})
	status(rs) == "unknown"
	some r in rs
	r.message == "No resolved metric alert watches the workspace's Failed Runs metric; the settings of a could not be resolved."
}

# A resolved alert decides; an unresolved one that cannot be about the metric does not matter.
test_unresolved_alert_does_not_change_a_decided_verdict if {
	status(rule.results) == "pass" with input as inp({"status": "ok", "items": [alert3("Failed Runs", "/w", true), alert3(null, "/w", true)], "unresolved": ["items[1].properties.criteria"]})
	status(rule.results) == "fail" with input as inp({"status": "ok", "items": [alert3("CPU", "/w", null)], "unresolved": ["items[0].properties.enabled"]})
	status(rule.results) == "fail" with input as inp({"status": "ok", "items": [alert3("Failed Runs", "/other", null)], "unresolved": ["items[0].properties.enabled"]})
}
