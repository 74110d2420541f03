package amlscan.rules.compute.cluster_scale_to_zero_test

import data.amlscan.rules.compute.cluster_scale_to_zero as rule

cluster(name, scale) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "AmlCompute", "properties": {"scaleSettings": scale}}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail if {
	by_id1(rule.results) == {"/a": "pass", "/b": "pass", "/c": "fail"} with input as {"id": "/w", "computes": {"status": "ok", "items": [cluster("/a", {"minNodeCount": 0}), cluster("/b", {}), cluster("/c", {"minNodeCount": 2})]}}
}

test_unknown_when_forbidden if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "computes": {"status": "forbidden"}}

test_fail_message_and_instances_not_judged if {
	rs := rule.results with input as {"id": "/w", "computes": {"status": "ok", "items": [
		cluster("/c", {"minNodeCount": 2}),
		{"id": "/ci", "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "ComputeInstance", "properties": {}}},
	]}}
	count(rs) == 1
	some r in rs
	r.message == "The cluster keeps 2 node(s) running when idle."
}

test_unknown_when_section_missing if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w"}
