package amlscan.rules.workspace_user_assigned_identity_test

import rego.v1

import data.amlscan.rules.workspace_user_assigned_identity as rule

inp(props) := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_with_primary_uai if status(rule.verdicts(inp({"primaryUserAssignedIdentity": "/uai"}))) == "pass"

test_fail_when_absent if status(rule.verdicts(inp({}))) == "fail"

test_fail_when_empty if status(rule.verdicts(inp({"primaryUserAssignedIdentity": ""}))) == "fail"

test_unknown_when_forbidden if status(rule.verdicts({"id": "/w", "workspace": {"status": "forbidden"}})) == "unknown"

test_fail_when_blank if status(rule.verdicts(inp({"primaryUserAssignedIdentity": "  "}))) == "fail"

test_fail_when_not_a_string if status(rule.verdicts(inp({"primaryUserAssignedIdentity": 1}))) == "fail"

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.primaryUserAssignedIdentity"], "resource": {"id": "/w", "type": "T", "properties": {}}}})) == "unknown"
