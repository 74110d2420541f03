package amlscan.rules.workspace.public_access_behind_vnet_test

import data.amlscan.rules.workspace.public_access_behind_vnet as rule

ws(props) := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_when_absent_service_default if status(rule.results) == "pass" with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws({})}}

test_pass_when_false if status(rule.results) == "pass" with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws({"allowPublicAccessWhenBehindVnet": false})}}

test_fail_when_true if status(rule.results) == "fail" with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws({"allowPublicAccessWhenBehindVnet": true})}}

test_unknown_when_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden", "message": "AuthorizationFailed"}}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.allowPublicAccessWhenBehindVnet"], "resource": ws({})}}
