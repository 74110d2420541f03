package amlscan.rules.endpoint.online_public_access_test

import data.amlscan.rules.endpoint.online_public_access as rule

ep(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "properties": props}

statuses(rs) := {r.resource_id: r.status | some r in rs}

test_pass_fail_default if {
	statuses(rule.results) == {"/a": "pass", "/b": "fail", "/c": "fail"} with input as {"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/a", {"publicNetworkAccess": "disabled"}), ep("/b", {"publicNetworkAccess": "Enabled"}), ep("/c", {})]}}
}

test_no_endpoints_no_result if count(rule.results) == 0 with input as {"id": "/w", "online_endpoints": {"status": "ok", "items": []}}

test_unknown_when_forbidden if statuses(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "online_endpoints": {"status": "forbidden"}}

test_fail_message_names_the_setting if {
	rs := rule.results with input as {"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/b", {"publicNetworkAccess": "Enabled"})]}}
	some r in rs
	r.message == "The endpoint accepts requests from the internet (publicNetworkAccess Enabled; absent means Enabled)."
}

test_unknown_when_public_network_access_unresolved if {
	rs := rule.results with input as {"id": "/w", "online_endpoints": {
		"status": "ok",
		"items": [{"id": "/e1", "type": "t", "properties": null}],
		"unresolved": ["items[0].properties"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {["/e1", "unknown", "Could not resolve properties.publicNetworkAccess."]}
}
