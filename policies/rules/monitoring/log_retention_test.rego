package amlscan.rules.monitoring.log_retention_test

import data.amlscan.lib
import data.amlscan.rules.monitoring.log_retention as rule

law(props) := {"status": "ok", "resource": {"id": "/law", "type": "Microsoft.OperationalInsights/workspaces", "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_365 if status(rule.results) == "pass" with input as {"id": "/w", "log_analytics_workspace": law({"retentionInDays": 365})}

test_fail_90_default_parameter if status(rule.results) == "fail" with input as {"id": "/w", "log_analytics_workspace": law({"retentionInDays": 90})}

test_fail_absent_is_30_days if status(rule.results) == "fail" with input as {"id": "/w", "log_analytics_workspace": law({})}

test_parameter_lowers_threshold if status(rule.results) == "pass" with input as {"id": "/w", "log_analytics_workspace": law({"retentionInDays": 90})} with data.amlscan.params as object.union(lib.param_defaults, {"min_log_retention_days": 90})

test_unknown_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "log_analytics_workspace": {"status": "forbidden"}}

test_no_result_when_none_linked if count(rule.results) == 0 with input as {"id": "/w", "log_analytics_workspace": {"status": "ok", "resource": null}}

test_fail_non_number_counts_as_default if {
	rs := rule.results with input as {"id": "/w", "log_analytics_workspace": law({"retentionInDays": "400"})}
	status(rs) == "fail"
	some r in rs
	r.message == "Logs are kept for only 30 days (absent means 30, the service default); required: 365."
	r.evidence[0].found == "400"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "log_analytics_workspace": {"status": "ok", "unresolved": ["properties.retentionInDays"], "resource": {"id": "/law", "type": "T", "properties": {}}}}
