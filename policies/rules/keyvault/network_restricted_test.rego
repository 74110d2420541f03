package amlscan.rules.keyvault.network_restricted_test

import data.amlscan.rules.keyvault.network_restricted as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_disabled if status(rule.results) == "pass" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "disabled"}}}}

test_pass_default_deny if status(rule.results) == "pass" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"networkAcls": {"defaultAction": "Deny"}}}}}

test_fail_absent if status(rule.results) == "fail" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {}}}}

test_fail_open if status(rule.results) == "fail" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}}}}}

test_unknown_when_section_forbidden if {
	rs := rule.results with input as {"id": "/w", "key_vault": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "key_vault": {"status": "ok", "unresolved": ["properties.publicNetworkAccess"], "resource": {"id": "/r", "type": "T", "properties": {}}}}

test_no_result_when_nothing_linked if count(rule.results) == 0 with input as {"id": "/w", "key_vault": {"status": "ok", "resource": null}}
