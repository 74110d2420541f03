package amlscan.rules.governance_storage_delete_lock_test

import rego.v1

import data.amlscan.rules.governance_storage_delete_lock as rule

sa := {"status": "ok", "resource": {"id": "/SA", "type": "Microsoft.Storage/storageAccounts", "properties": {}}}

inp(locks) := {"id": "/w", "storage_account": sa, "locks": {"/sa": locks}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_locked if status(rule.verdicts(inp({"status": "ok", "items": [{"properties": {"level": "CanNotDelete"}}]}))) == "pass"

test_fail_unlocked if status(rule.verdicts(inp({"status": "ok", "items": []}))) == "fail"

test_unknown_storage_not_found if status(rule.verdicts({"id": "/w", "storage_account": {"status": "not_found", "resource_id": "/SA", "resource": null}})) == "unknown"

test_unknown_locks_error if status(rule.verdicts(inp({"status": "error", "message": "throttled"}))) == "unknown"
