package amlscan.rules.monitoring_log_retention_test

import rego.v1

import data.amlscan.lib
import data.amlscan.rules.monitoring_log_retention as rule

law(props) := {"status": "ok", "resource": {"id": "/law", "type": "Microsoft.OperationalInsights/workspaces", "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_365 if status(rule.verdicts({"id": "/w", "log_analytics_workspace": law({"retentionInDays": 365})})) == "pass"

test_fail_90_default_parameter if status(rule.verdicts({"id": "/w", "log_analytics_workspace": law({"retentionInDays": 90})})) == "fail"

test_fail_absent_is_30_days if status(rule.verdicts({"id": "/w", "log_analytics_workspace": law({})})) == "fail"

test_parameter_lowers_threshold if status(rule.verdicts_with({"id": "/w", "log_analytics_workspace": law({"retentionInDays": 90})}, object.union(lib.param_defaults, {"min_log_retention_days": 90}))) == "pass"

test_unknown_forbidden if status(rule.verdicts({"id": "/w", "log_analytics_workspace": {"status": "forbidden"}})) == "unknown"

test_no_result_when_none_linked if count(rule.verdicts({"id": "/w", "log_analytics_workspace": {"status": "ok", "resource": null}})) == 0

test_fail_non_number_counts_as_default if {
	rs := rule.verdicts({"id": "/w", "log_analytics_workspace": law({"retentionInDays": "400"})})
	status(rs) == "fail"
	some r in rs
	r.message == "Logs are kept for only 30 days (absent means 30, the service default); required: 365."
	r.evidence[0].found == "400"
}

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "log_analytics_workspace": {"status": "ok", "unresolved": ["properties.retentionInDays"], "resource": {"id": "/law", "type": "T", "properties": {}}}})) == "unknown"
