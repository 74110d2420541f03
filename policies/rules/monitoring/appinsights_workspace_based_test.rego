package amlscan.rules.monitoring.appinsights_workspace_based_test

import data.amlscan.rules.monitoring.appinsights_workspace_based as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_linked if status(rule.results) == "pass" with input as {"id": "/w", "application_insights": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Insights/components", "properties": {"WorkspaceResourceId": "/law"}}}}

test_fail_empty if status(rule.results) == "fail" with input as {"id": "/w", "application_insights": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Insights/components", "properties": {"WorkspaceResourceId": ""}}}}

test_fail_absent if status(rule.results) == "fail" with input as {"id": "/w", "application_insights": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Insights/components", "properties": {}}}}

test_unknown_when_section_forbidden if {
	rs := rule.results with input as {"id": "/w", "application_insights": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "application_insights": {"status": "ok", "unresolved": ["properties.WorkspaceResourceId"], "resource": {"id": "/r", "type": "T", "properties": {}}}}

test_no_result_when_nothing_linked if count(rule.results) == 0 with input as {"id": "/w", "application_insights": {"status": "ok", "resource": null}}
