package amlscan.rules.endpoint_online_auth_mode_test

import rego.v1

import data.amlscan.rules.endpoint_online_auth_mode as rule

ep(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "properties": props}

statuses(rs) := {r.resource_id: r.status | some r in rs}

test_pass_fail if {
	statuses(rule.verdicts({"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/a", {"authMode": "AADToken"}), ep("/b", {"authMode": "Key"}), ep("/c", {"authMode": "AMLToken"}), ep("/d", {})]}})) == {"/a": "pass", "/b": "fail", "/c": "fail", "/d": "fail"}
}

test_unknown_when_error if statuses(rule.verdicts({"id": "/w", "online_endpoints": {"status": "error", "message": "timeout"}})) == {"/w": "unknown"}

test_fail_message_names_the_mode if {
	rs := rule.verdicts({"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/b", {"authMode": "Key"})]}})
	some r in rs
	r.message == "The endpoint uses Key authentication (absent means Key) instead of Microsoft Entra tokens."
	r.evidence[0].found == "Key"
}

test_pass_any_case if statuses(rule.verdicts({"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/a", {"authMode": "aadtoken"})]}})) == {"/a": "pass"}
