package amlscan.rules.governance.workspace_delete_lock_test

import data.amlscan.rules.governance.workspace_delete_lock as rule

ws := {"id": "/W", "type": "Microsoft.MachineLearningServices/workspaces", "properties": {}}

inp(locks) := {"id": "/W", "workspace": {"status": "ok", "resource": ws}, "locks": {"/w": locks}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_can_not_delete if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [{"properties": {"level": "CanNotDelete"}}]})

test_pass_read_only_any_case if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [{"properties": {"level": "readonly"}}]})

test_fail_no_lock if status(rule.results) == "fail" with input as inp({"status": "ok", "items": []})

test_unknown_locks_forbidden if status(rule.results) == "unknown" with input as inp({"status": "forbidden", "message": "denied", "items": []})

test_unknown_locks_missing if status(rule.results) == "unknown" with input as {"id": "/W", "workspace": {"status": "ok", "resource": ws}}
