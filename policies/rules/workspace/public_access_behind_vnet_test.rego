package amlscan.rules.workspace_public_access_behind_vnet_test

import rego.v1

import data.amlscan.rules.workspace_public_access_behind_vnet as rule

ws(props) := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_when_absent_service_default if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "resource": ws({})}})) == "pass"

test_pass_when_false if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "resource": ws({"allowPublicAccessWhenBehindVnet": false})}})) == "pass"

test_fail_when_true if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "resource": ws({"allowPublicAccessWhenBehindVnet": true})}})) == "fail"

test_unknown_when_forbidden if status(rule.verdicts({"id": "/w", "workspace": {"status": "forbidden", "message": "AuthorizationFailed"}})) == "unknown"

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.allowPublicAccessWhenBehindVnet"], "resource": ws({})}})) == "unknown"
