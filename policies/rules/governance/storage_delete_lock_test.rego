package amlscan.rules.governance.storage_delete_lock_test

import data.amlscan.rules.governance.storage_delete_lock as rule

sa := {"status": "ok", "resource": {"id": "/SA", "type": "Microsoft.Storage/storageAccounts", "properties": {}}}

inp(locks) := {"id": "/w", "storage_account": sa, "locks": {"/sa": locks}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_locked if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [{"properties": {"level": "CanNotDelete"}}]})

test_fail_unlocked if status(rule.results) == "fail" with input as inp({"status": "ok", "items": []})

test_unknown_storage_not_found if status(rule.results) == "unknown" with input as {"id": "/w", "storage_account": {"status": "not_found", "resource_id": "/SA", "resource": null}}

test_unknown_locks_error if status(rule.results) == "unknown" with input as inp({"status": "error", "message": "throttled"})
