package amlscan.rules.compute.latest_os_image_test

import data.amlscan.rules.compute.latest_os_image as rule

ci(name, meta) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "ComputeInstance", "properties": {"osImageMetadata": meta}}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_fail_unknown if {
	by_id1(rule.results) == {"/a": "pass", "/b": "fail", "/c": "unknown"} with input as {"id": "/w", "computes": {"status": "ok", "items": [
		ci("/a", {"isLatestOsImageVersion": true}),
		ci("/b", {"isLatestOsImageVersion": false, "currentImageVersion": "1", "latestImageVersion": "2"}),
		ci("/c", null),
	]}}
}

test_clusters_not_judged if count(rule.results) == 0 with input as {"id": "/w", "computes": {"status": "ok", "items": [{"id": "/x", "type": "T", "properties": {"computeType": "AmlCompute"}}]}}

test_unknown_when_section_error if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "computes": {"status": "error"}}

test_unknown_when_os_image_metadata_unresolved if {
	rs := rule.results with input as {"id": "/w", "computes": {
		"status": "ok",
		"items": [{"id": "/i", "type": "t", "properties": {"computeType": "ComputeInstance", "properties": {"osImageMetadata": null}}}],
		"unresolved": ["items[0].properties.properties.osImageMetadata"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {["/i", "unknown", "Could not resolve properties.properties.osImageMetadata.isLatestOsImageVersion."]}
}
