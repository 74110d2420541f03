package amlscan.rules.governance_workspace_delete_lock_test

import rego.v1

import data.amlscan.rules.governance_workspace_delete_lock as rule

ws := {"id": "/W", "type": "Microsoft.MachineLearningServices/workspaces", "properties": {}}

inp(locks) := {"id": "/W", "workspace": {"status": "ok", "resource": ws}, "locks": {"/w": locks}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_can_not_delete if status(rule.verdicts(inp({"status": "ok", "items": [{"properties": {"level": "CanNotDelete"}}]}))) == "pass"

test_pass_read_only_any_case if status(rule.verdicts(inp({"status": "ok", "items": [{"properties": {"level": "readonly"}}]}))) == "pass"

test_fail_no_lock if status(rule.verdicts(inp({"status": "ok", "items": []}))) == "fail"

test_unknown_locks_forbidden if status(rule.verdicts(inp({"status": "forbidden", "message": "denied", "items": []}))) == "unknown"

test_unknown_locks_missing if status(rule.verdicts({"id": "/W", "workspace": {"status": "ok", "resource": ws}})) == "unknown"
