package amlscan.rules.workspace.cmk_key_vault_purge_protection_test

import data.amlscan.rules.workspace.cmk_key_vault_purge_protection as rule

kv(props) := {"status": "ok", "resource": {"id": "/kv", "type": "Microsoft.KeyVault/vaults", "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_purge_protected if status(rule.results) == "pass" with input as {"id": "/w", "cmk_key_vault": kv({"enableSoftDelete": true, "enablePurgeProtection": true})}

test_pass_soft_delete_absent_is_default_on if status(rule.results) == "pass" with input as {"id": "/w", "cmk_key_vault": kv({"enablePurgeProtection": true})}

test_fail_purge_protection_absent if status(rule.results) == "fail" with input as {"id": "/w", "cmk_key_vault": kv({"enableSoftDelete": true})}

test_fail_soft_delete_off if status(rule.results) == "fail" with input as {"id": "/w", "cmk_key_vault": kv({"enableSoftDelete": false, "enablePurgeProtection": true})}

test_no_result_without_cmk if count(rule.results) == 0 with input as {"id": "/w", "cmk_key_vault": {"status": "ok", "resource": null}}

test_unknown_when_vault_forbidden if {
	rs := rule.results with input as {"id": "/w", "cmk_key_vault": {"status": "forbidden", "resource_id": "/kv", "message": "denied"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/kv"
}
