package amlscan.rules.endpoint.online_auth_mode_test

import data.amlscan.rules.endpoint.online_auth_mode as rule

ep(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "properties": props}

statuses(rs) := {r.resource_id: r.status | some r in rs}

test_pass_fail if {
	statuses(rule.results) == {"/a": "pass", "/b": "fail", "/c": "fail", "/d": "fail"} with input as {"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/a", {"authMode": "AADToken"}), ep("/b", {"authMode": "Key"}), ep("/c", {"authMode": "AMLToken"}), ep("/d", {})]}}
}

test_unknown_when_error if statuses(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "online_endpoints": {"status": "error", "message": "timeout"}}

test_fail_message_names_the_mode if {
	rs := rule.results with input as {"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/b", {"authMode": "Key"})]}}
	some r in rs
	r.message == "The endpoint uses Key authentication (absent means Key) instead of Microsoft Entra tokens."
	r.evidence[0].found == "Key"
}

test_pass_any_case if statuses(rule.results) == {"/a": "pass"} with input as {"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/a", {"authMode": "aadtoken"})]}}

test_unknown_when_auth_mode_unresolved if {
	rs := rule.results with input as {"id": "/w", "online_endpoints": {
		"status": "ok",
		"items": [{"id": "/e1", "type": "t", "properties": {"authMode": "AADToken"}}, {"id": "/e2", "type": "t", "properties": {"authMode": null}}],
		"unresolved": ["items[1].properties.authMode"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {
		["/e1", "pass", "The endpoint authenticates callers with Microsoft Entra tokens."],
		["/e2", "unknown", "Could not resolve properties.authMode."],
	}
}
