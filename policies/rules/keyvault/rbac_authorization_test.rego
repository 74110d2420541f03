package amlscan.rules.keyvault_rbac_authorization_test

import rego.v1

import data.amlscan.rules.keyvault_rbac_authorization as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_rbac if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableRbacAuthorization": true}}}})) == "pass"

test_fail_false if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableRbacAuthorization": false}}}})) == "fail"

test_fail_absent if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {}}}})) == "fail"

test_unknown_when_section_forbidden if {
	rs := rule.verdicts({"id": "/w", "key_vault": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "unresolved": ["properties.enableRbacAuthorization"], "resource": {"id": "/r", "type": "T", "properties": {}}}})) == "unknown"

test_no_result_when_nothing_linked if count(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": null}})) == 0
