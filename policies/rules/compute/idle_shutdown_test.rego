package amlscan.rules.compute.idle_shutdown_test

import data.amlscan.rules.compute.idle_shutdown as rule

ci(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "ComputeInstance", "properties": props}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail if {
	by_id1(rule.results) == {"/a": "pass", "/b": "fail", "/c": "fail"} with input as {"id": "/w", "computes": {"status": "ok", "items": [ci("/a", {"idleTimeBeforeShutdown": "PT30M"}), ci("/b", {}), ci("/c", {"idleTimeBeforeShutdown": ""})]}}
}

test_unknown_when_forbidden if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "computes": {"status": "forbidden"}}

test_pass_message_blank_fails_clusters_not_judged if {
	rs := rule.results with input as {"id": "/w", "computes": {"status": "ok", "items": [
		ci("/a", {"idleTimeBeforeShutdown": "PT15M"}),
		ci("/b", {"idleTimeBeforeShutdown": " "}),
		{"id": "/c", "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "AmlCompute", "properties": {}}},
	]}}
	by_id1(rs) == {"/a": "pass", "/b": "fail"}
	some r in rs
	r.resource_id == "/a"
	r.message == "The compute instance shuts down after PT15M idle."
}

test_unknown_when_idle_time_unresolved if {
	rs := rule.results with input as {"id": "/w", "computes": {
		"status": "ok",
		"items": [{"id": "/i", "type": "t", "properties": {"computeType": "ComputeInstance", "properties": {"idleTimeBeforeShutdown": null}}}],
		"unresolved": ["items[0].properties.properties.idleTimeBeforeShutdown"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {["/i", "unknown", "Could not resolve properties.properties.idleTimeBeforeShutdown."]}
}
