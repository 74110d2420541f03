package amlscan.rules.keyvault_deletion_protection_test

import rego.v1

import data.amlscan.rules.keyvault_deletion_protection as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_both if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableSoftDelete": true, "enablePurgeProtection": true}}}})) == "pass"

test_pass_soft_delete_default if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enablePurgeProtection": true}}}})) == "pass"

test_fail_no_purge_protection if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableSoftDelete": true}}}})) == "fail"

test_fail_soft_delete_off if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableSoftDelete": false, "enablePurgeProtection": true}}}})) == "fail"

test_unknown_when_section_forbidden if {
	rs := rule.verdicts({"id": "/w", "key_vault": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "unresolved": ["properties.enableSoftDelete"], "resource": {"id": "/r", "type": "T", "properties": {}}}})) == "unknown"

test_no_result_when_nothing_linked if count(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": null}})) == 0
