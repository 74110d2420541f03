package amlscan.rules.residency.dependency_geography_test

import data.amlscan.rules.residency.dependency_geography as rule
import data.amlscan.rules.residency.dependency_regions_test as deps

only(rs) := v if {
	count(rs) == 1
	some v in rs
}

test_pass_everything_in_the_eu_data_boundary if {
	v := only(rule.results) with input as deps.entry(deps.eu)
	v.status == "pass"
	v.message == "Every dependency of the workspace is in its geography (eu-data-boundary)."
}

test_fail_registry_replica_in_the_us if {
	v := only(rule.results) with input as deps.entry(object.union(deps.eu, {"replica": "eastus"}))
	v.status == "fail"
	v.message == "Dependencies outside the workspace's geography (eu-data-boundary): registry reg replica eastus (united-states)."
}

# Allowed regions do not matter: a UK secondary is another geography even if allowed.
test_fail_uk_secondary if only(rule.results).status == "fail" with input as deps.entry(object.union(deps.eu, {"secondary": "uksouth"}))

test_unknown_region_without_geography if {
	v := only(rule.results) with input as deps.entry(object.union(deps.eu, {"law": "marsnorth"}))
	v.status == "unknown"
	v.message == "Geographies could not be checked for: log destination law marsnorth (no known geography)."
}

test_unknown_dependency_not_placed if {
	e := object.remove(deps.entry(deps.eu), ["batch_endpoints"])
	only(rule.results).message == "Geographies could not be checked for: batch_endpoints (missing)." with input as e
}

test_unknown_workspace_region_without_geography if {
	e := json.patch(deps.entry(deps.eu), [{"op": "replace", "path": "/workspace/resource/location", "value": "marsnorth"}])
	v := only(rule.results) with input as e
	v.status == "unknown"
	v.message == "The workspace's region (marsnorth) has no known geography."
}

test_unknown_workspace_location_unresolved if {
	e := json.patch(deps.entry(deps.eu), [{"op": "add", "path": "/workspace/unresolved", "value": ["location"]}])
	only(rule.results).status == "unknown" with input as e
}

test_unknown_workspace_not_collected if only(rule.results).status == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden"}}
