package amlscan.rules.compute.node_public_ip_test

import data.amlscan.rules.compute.node_public_ip as rule

compute(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "AmlCompute", "properties": props}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_no_public_ip_fail_default if {
	by_id1(rule.results) == {"/a": "pass", "/b": "fail"} with input as {"id": "/w", "computes": {"status": "ok", "items": [compute("/a", {"enableNodePublicIp": false}), compute("/b", {})]}}
}

test_fail_explicit_true if by_id1(rule.results) == {"/a": "fail"} with input as {"id": "/w", "computes": {"status": "ok", "items": [compute("/a", {"enableNodePublicIp": true})]}}

test_unknown_when_section_missing if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w"}

test_unknown_when_node_public_ip_unresolved if {
	rs := rule.results with input as {"id": "/w", "computes": {
		"status": "ok",
		"items": [{"id": "/b", "type": "t", "properties": {"computeType": "AmlCompute", "properties": {"enableNodePublicIp": null}}}],
		"unresolved": ["items[0].properties.properties.enableNodePublicIp"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {["/b", "unknown", "Could not resolve properties.properties.enableNodePublicIp."]}
}
