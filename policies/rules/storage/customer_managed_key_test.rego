package amlscan.rules.storage_customer_managed_key_test

import rego.v1

import data.amlscan.rules.storage_customer_managed_key as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_keyvault_any_case if status(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {"encryption": {"keySource": "microsoft.keyvault"}}}}})) == "pass"

test_fail_microsoft_storage if status(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {"encryption": {"keySource": "Microsoft.Storage"}}}}})) == "fail"

test_fail_absent if status(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {}}}})) == "fail"

test_unknown_when_section_forbidden if {
	rs := rule.verdicts({"id": "/w", "storage_account": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "unresolved": ["properties.encryption.keySource"], "resource": {"id": "/r", "type": "T", "properties": {}}}})) == "unknown"

test_no_result_when_nothing_linked if count(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "resource": null}})) == 0
