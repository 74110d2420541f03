package amlscan.rules.workspace_v1_legacy_mode_test

import rego.v1

import data.amlscan.rules.workspace_v1_legacy_mode as rule

inp(props) := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_when_absent if status(rule.verdicts(inp({}))) == "pass"

test_pass_when_false if status(rule.verdicts(inp({"v1LegacyMode": false}))) == "pass"

test_fail_when_true if status(rule.verdicts(inp({"v1LegacyMode": true}))) == "fail"

test_unknown_when_not_found if status(rule.verdicts({"id": "/w", "workspace": {"status": "not_found", "message": "gone"}})) == "unknown"
