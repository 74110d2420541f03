package amlscan.rules.storage_blob_public_access_test

import rego.v1

import data.amlscan.rules.storage_blob_public_access as rule

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_false if status(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {"allowBlobPublicAccess": false}}}})) == "pass"

test_fail_true if status(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {"allowBlobPublicAccess": true}}}})) == "fail"

test_fail_absent if status(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.Storage/storageAccounts", "properties": {}}}})) == "fail"

test_unknown_when_section_forbidden if {
	rs := rule.verdicts({"id": "/w", "storage_account": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "unresolved": ["properties.allowBlobPublicAccess"], "resource": {"id": "/r", "type": "T", "properties": {}}}})) == "unknown"

test_no_result_when_nothing_linked if count(rule.verdicts({"id": "/w", "storage_account": {"status": "ok", "resource": null}})) == 0
