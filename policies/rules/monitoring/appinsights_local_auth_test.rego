package amlscan.rules.monitoring_appinsights_local_auth_test

import rego.v1

import data.amlscan.rules.monitoring_appinsights_local_auth as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_true if status(rule.verdicts({"id": "/w", "application_insights": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Insights/components", "properties": {"DisableLocalAuth": true}}}})) == "pass"

test_fail_false if status(rule.verdicts({"id": "/w", "application_insights": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Insights/components", "properties": {"DisableLocalAuth": false}}}})) == "fail"

test_fail_absent if status(rule.verdicts({"id": "/w", "application_insights": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Insights/components", "properties": {}}}})) == "fail"

test_unknown_when_section_forbidden if {
	rs := rule.verdicts({"id": "/w", "application_insights": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "application_insights": {"status": "ok", "unresolved": ["properties.DisableLocalAuth"], "resource": {"id": "/r", "type": "T", "properties": {}}}})) == "unknown"

test_no_result_when_nothing_linked if count(rule.verdicts({"id": "/w", "application_insights": {"status": "ok", "resource": null}})) == 0
