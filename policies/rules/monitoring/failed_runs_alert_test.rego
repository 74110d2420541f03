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
