package amlscan.rules.workspace.v1_legacy_mode_test

import data.amlscan.rules.workspace.v1_legacy_mode as rule

inp(props) := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_when_absent if status(rule.results) == "pass" with input as inp({})

test_pass_when_false if status(rule.results) == "pass" with input as inp({"v1LegacyMode": false})

test_fail_when_true if status(rule.results) == "fail" with input as inp({"v1LegacyMode": true})

test_unknown_when_not_found if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "not_found", "message": "gone"}}
