package amlscan.rules.connection.no_long_lived_secrets_test

import data.amlscan.rules.connection.no_long_lived_secrets as rule

conn(name, auth) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/connections", "properties": {"authType": auth}}

statuses(rs) := {r.resource_id: r.status | some r in rs}

test_pass_fail_unknown if {
	statuses(rule.results) == {"/a": "pass", "/b": "pass", "/c": "fail", "/d": "fail", "/e": "unknown"} with input as {"id": "/w", "connections": {"status": "ok", "items": [conn("/a", "AAD"), conn("/b", "managedidentity"), conn("/c", "ApiKey"), conn("/d", "PAT"), conn("/e", null)]}}
}

test_unknown_when_forbidden if statuses(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "connections": {"status": "forbidden"}}

test_none_blank_and_messages if {
	rs := rule.results with input as {"id": "/w", "connections": {"status": "ok", "items": [conn("/a", "None"), conn("/b", " "), conn("/c", "AccessKey")]}}
	statuses(rs) == {"/a": "pass", "/b": "unknown", "/c": "fail"}
	some a in rs
	a.resource_id == "/a"
	a.message == "The connection authenticates with None and stores no long-lived secret."
	some c in rs
	c.resource_id == "/c"
	c.message == "The connection stores a long-lived secret (authType AccessKey)."
}

test_unknown_when_auth_type_unresolved if {
	rs := rule.results with input as {"id": "/w", "connections": {
		"status": "ok",
		"items": [{"id": "/c", "type": "t", "properties": {"authType": null}}],
		"unresolved": ["items[0].properties.authType"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {["/c", "unknown", "Could not resolve properties.authType."]}
}
