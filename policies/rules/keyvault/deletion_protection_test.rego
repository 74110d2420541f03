package amlscan.rules.keyvault.deletion_protection_test

import data.amlscan.rules.keyvault.deletion_protection as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_both if status(rule.results) == "pass" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableSoftDelete": true, "enablePurgeProtection": true}}}}

test_pass_soft_delete_default if status(rule.results) == "pass" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enablePurgeProtection": true}}}}

test_fail_no_purge_protection if status(rule.results) == "fail" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableSoftDelete": true}}}}

test_fail_soft_delete_off if status(rule.results) == "fail" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableSoftDelete": false, "enablePurgeProtection": true}}}}

test_unknown_when_section_forbidden if {
	rs := rule.results with input as {"id": "/w", "key_vault": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "key_vault": {"status": "ok", "unresolved": ["properties.enableSoftDelete"], "resource": {"id": "/r", "type": "T", "properties": {}}}}

test_no_result_when_nothing_linked if count(rule.results) == 0 with input as {"id": "/w", "key_vault": {"status": "ok", "resource": null}}
