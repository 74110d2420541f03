package amlscan.rules.compute.virtual_network_test

import data.amlscan.rules.compute.virtual_network as rule

compute(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "ComputeInstance", "properties": props}}

ws(mode) := {"status": "ok", "resource": {"id": "/w", "type": "T", "properties": {"managedNetwork": {"isolationMode": mode}}}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_subnet_fail_none if {
	by_id1(rule.results) == {"/a": "pass", "/b": "fail"} with input as {"id": "/w", "workspace": ws("Disabled"), "computes": {"status": "ok", "items": [compute("/a", {"subnet": {"id": "/s"}}), compute("/b", {})]}}
}

test_pass_managed_network if by_id1(rule.results) == {"/b": "pass"} with input as {"id": "/w", "workspace": ws("allowOnlyApprovedOutbound"), "computes": {"status": "ok", "items": [compute("/b", {})]}}

test_unknown_workspace_unreadable if by_id1(rule.results) == {"/b": "unknown"} with input as {"id": "/w", "workspace": {"status": "forbidden"}, "computes": {"status": "ok", "items": [compute("/b", {})]}}

test_unknown_computes_error if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "workspace": ws("Disabled"), "computes": {"status": "error", "message": "x"}}

cluster(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "AmlCompute", "properties": props}}

test_workspace_unreadable_subnet_still_passes if by_id1(rule.results) == {"/c": "pass"} with input as {"id": "/w", "workspace": {"status": "forbidden"}, "computes": {"status": "ok", "items": [cluster("/c", {"subnet": {"id": "/s"}})]}}

test_blank_subnet_and_unmanaged_fails if by_id1(rule.results) == {"/c": "fail"} with input as {"id": "/w", "workspace": ws("Disabled"), "computes": {"status": "ok", "items": [cluster("/c", {"subnet": {"id": " "}})]}}

test_unknown_evidence_has_no_mode if {
	rs := rule.results with input as {"id": "/w", "workspace": {"status": "forbidden"}, "computes": {"status": "ok", "items": [compute("/b", {})]}}
	some r in rs
	r.evidence[1].found == null
}

test_unknown_when_subnet_unresolved if {
	rs := rule.results with input as {
		"id": "/w",
		"workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": {"managedNetwork": {"isolationMode": "AllowOnlyApprovedOutbound"}}}},
		"computes": {
			"status": "ok",
			"items": [{"id": "/c", "type": "t", "properties": {"computeType": "AmlCompute", "properties": {"subnet": {"id": null}}}}],
			"unresolved": ["items[0].properties.properties.subnet"],
		},
	}
	{[r.resource_id, r.status, r.message] | some r in rs} == {["/c", "unknown", "Could not resolve properties.properties.subnet.id."]}
}
