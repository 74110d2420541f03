package amlscan.rules.compute.local_auth_test

import data.amlscan.rules.compute.local_auth as rule

compute(kind, props) := {"id": concat("", ["/c/", kind]), "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": object.union({"computeType": kind}, props)}

inp(items) := {"id": "/w", "computes": {"status": "ok", "items": items}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail_per_compute if {
	by_id1(rule.results) == {"/c/AmlCompute": "pass", "/c/ComputeInstance": "fail"} with input as inp([compute("AmlCompute", {"disableLocalAuth": true}), compute("ComputeInstance", {})])
}

test_fail_when_false if by_id1(rule.results) == {"/c/computeinstance": "fail"} with input as inp([compute("computeinstance", {"disableLocalAuth": false})])

test_other_types_not_judged if count(rule.results) == 0 with input as inp([compute("Kubernetes", {})])

test_unknown_when_computes_forbidden if {
	rs := rule.results with input as {"id": "/w", "computes": {"status": "forbidden", "message": "denied", "items": []}}
	by_id1(rs) == {"/w": "unknown"}
}

test_unknown_when_disable_local_auth_unresolved if {
	rs := rule.results with input as {"id": "/w", "computes": {
		"status": "ok",
		"items": [
			{"id": "/a", "type": "t", "properties": {"computeType": "AmlCompute", "disableLocalAuth": true}},
			{"id": "/b", "type": "t", "properties": {"computeType": "AmlCompute", "disableLocalAuth": null}},
		],
		"unresolved": ["items[1].properties.disableLocalAuth"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {
		["/a", "pass", "Local authentication is disabled."],
		["/b", "unknown", "Could not resolve properties.disableLocalAuth."],
	}
}
