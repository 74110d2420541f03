package amlscan.rules.registry_admin_user_test

import rego.v1

import data.amlscan.rules.registry_admin_user as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_false if status(rule.verdicts({"id": "/w", "container_registry": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.ContainerRegistry/registries", "properties": {"adminUserEnabled": false}}}})) == "pass"

test_pass_absent if status(rule.verdicts({"id": "/w", "container_registry": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.ContainerRegistry/registries", "properties": {}}}})) == "pass"

test_fail_true if status(rule.verdicts({"id": "/w", "container_registry": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.ContainerRegistry/registries", "properties": {"adminUserEnabled": true}}}})) == "fail"

test_unknown_when_section_forbidden if {
	rs := rule.verdicts({"id": "/w", "container_registry": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "container_registry": {"status": "ok", "unresolved": ["properties.adminUserEnabled"], "resource": {"id": "/r", "type": "T", "properties": {}}}})) == "unknown"

test_no_result_when_nothing_linked if count(rule.verdicts({"id": "/w", "container_registry": {"status": "ok", "resource": null}})) == 0
