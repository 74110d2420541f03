package amlscan.rules.workspace.user_assigned_identity_test

import data.amlscan.rules.workspace.user_assigned_identity as rule

inp(props) := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_with_primary_uai if status(rule.results) == "pass" with input as inp({"primaryUserAssignedIdentity": "/uai"})

test_fail_when_absent if status(rule.results) == "fail" with input as inp({})

test_fail_when_empty if status(rule.results) == "fail" with input as inp({"primaryUserAssignedIdentity": ""})

test_unknown_when_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden"}}

test_fail_when_blank if status(rule.results) == "fail" with input as inp({"primaryUserAssignedIdentity": "  "})

test_fail_when_not_a_string if status(rule.results) == "fail" with input as inp({"primaryUserAssignedIdentity": 1})

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.primaryUserAssignedIdentity"], "resource": {"id": "/w", "type": "T", "properties": {}}}}
