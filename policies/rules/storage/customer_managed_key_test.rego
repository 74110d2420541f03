package amlscan.rules.storage.customer_managed_key_test

import data.amlscan.rules.storage.customer_managed_key as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_keyvault_any_case if status(rule.results) == "pass" with input as {"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {"encryption": {"keySource": "microsoft.keyvault"}}}}}

test_fail_microsoft_storage if status(rule.results) == "fail" with input as {"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {"encryption": {"keySource": "Microsoft.Storage"}}}}}

test_fail_absent if status(rule.results) == "fail" with input as {"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {}}}}

test_unknown_when_section_forbidden if {
	rs := rule.results with input as {"id": "/w", "storage_account": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "storage_account": {"status": "ok", "unresolved": ["properties.encryption.keySource"], "resource": {"id": "/r", "type": "T", "properties": {}}}}

test_no_result_when_nothing_linked if count(rule.results) == 0 with input as {"id": "/w", "storage_account": {"status": "ok", "resource": null}}
