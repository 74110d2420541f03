package amlscan.rules.mlregistry.allowed_regions_test

import data.amlscan.lib
import data.amlscan.rules.mlregistry.allowed_regions as rule

registry(id, location, regions) := {"id": id, "type": "Microsoft.MachineLearningServices/registries", "location": location, "properties": {"regionDetails": [{"location": r} | some r in regions]}}

inp(section) := {"id": "/w", "context": {"subscription": {"subscription_id": "s", "ml_registries": section}}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail_by_replication_region if {
	rs := rule.results with input as inp({"status": "ok", "items": [
		registry("/eu", "westeurope", ["West Europe", "northeurope"]),
		registry("/us", "westeurope", ["westeurope", "eastus"]),
	]})
	by_id1(rs) == {"/eu": "pass", "/us": "fail"}
	some r in rs
	r.resource_id == "/us"
	r.message == "The registry is in regions outside the allowed ones: eastus."
}

test_location_alone_without_region_details if {
	by_id1(rule.results) == {"/r": "fail"} with input as inp({"status": "ok", "items": [{"id": "/r", "location": "East US", "properties": {}}]})
}

test_parameter_regions if {
	by_id1(rule.results) == {"/us": "pass"} with input as inp({"status": "ok", "items": [registry("/us", "eastus", ["eastus", "westus"])]})
		with data.amlscan.params as object.union(lib.param_defaults, {"allowed_regions": ["East US", "westus"]})
}

test_unknown_when_no_regions_are_configured if {
	by_id1(rule.results) == {"/eu": "unknown"} with input as inp({"status": "ok", "items": [registry("/eu", "westeurope", [])]})
		with data.amlscan.params as object.union(lib.param_defaults, {"allowed_regions": []})
}

# A region that cannot be read is not known to be allowed; one outside the list still fails.
test_unknown_when_a_region_is_unreadable if {
	by_id1(rule.results) == {"/a": "unknown", "/b": "fail", "/c": "unknown"} with input as inp({
		"status": "ok",
		"items": [
			registry("/a", "westeurope", [null]),
			registry("/b", 5, ["eastus"]),
			registry("/c", "westeurope", ["northeurope"]),
		],
		"unresolved": ["items[2].properties.regionDetails[0].location"],
	})
}

test_unknown_when_not_listed if by_id1(rule.results) == {"/w": "unknown"} with input as inp({"status": "forbidden", "items": []})
