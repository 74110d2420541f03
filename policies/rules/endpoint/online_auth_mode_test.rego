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
