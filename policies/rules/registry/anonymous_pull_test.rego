package amlscan.rules.registry.anonymous_pull_test

import data.amlscan.rules.registry.anonymous_pull as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_false if status(rule.results) == "pass" with input as {"id": "/w", "container_registry": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.ContainerRegistry/registries", "properties": {"anonymousPullEnabled": false}}}}

test_pass_absent if status(rule.results) == "pass" with input as {"id": "/w", "container_registry": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.ContainerRegistry/registries", "properties": {}}}}

test_fail_true if status(rule.results) == "fail" with input as {"id": "/w", "container_registry": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.ContainerRegistry/registries", "properties": {"anonymousPullEnabled": true}}}}

test_unknown_when_section_forbidden if {
	rs := rule.results with input as {"id": "/w", "container_registry": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "container_registry": {"status": "ok", "unresolved": ["properties.anonymousPullEnabled"], "resource": {"id": "/r", "type": "T", "properties": {}}}}

test_no_result_when_nothing_linked if count(rule.results) == 0 with input as {"id": "/w", "container_registry": {"status": "ok", "resource": null}}
