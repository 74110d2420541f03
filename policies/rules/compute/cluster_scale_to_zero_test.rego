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

test_unknown_when_min_node_count_or_kind_unresolved if {
	rs := rule.results with input as {"id": "/w", "computes": {
		"status": "ok",
		"items": [
			{"id": "/a", "type": "t", "properties": {"computeType": "AmlCompute", "properties": {"scaleSettings": {"minNodeCount": 0}}}},
			{"id": "/b", "type": "t", "properties": {"computeType": "AmlCompute", "properties": {"scaleSettings": {"minNodeCount": null}}}},
			{"id": "/k", "type": "t", "properties": null},
		],
		"unresolved": ["items[1].properties.properties.scaleSettings.minNodeCount", "items[2].properties"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {
		["/a", "pass", "The cluster scales down to zero nodes (minNodeCount 0 or absent: the service default)."],
		["/b", "unknown", "Could not resolve properties.properties.scaleSettings.minNodeCount."],
		["/k", "unknown", "Could not resolve properties.computeType."],
	}
}
