package amlscan.rules.keyvault_network_restricted_test

import rego.v1

import data.amlscan.rules.keyvault_network_restricted as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_disabled if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "disabled"}}}})) == "pass"

test_pass_default_deny if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"networkAcls": {"defaultAction": "Deny"}}}}})) == "pass"

test_fail_absent if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {}}}})) == "fail"

test_fail_open if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}}}}})) == "fail"

test_unknown_when_section_forbidden if {
	rs := rule.verdicts({"id": "/w", "key_vault": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "unresolved": ["properties.publicNetworkAccess"], "resource": {"id": "/r", "type": "T", "properties": {}}}})) == "unknown"

test_no_result_when_nothing_linked if count(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": null}})) == 0
