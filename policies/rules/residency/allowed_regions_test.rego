package amlscan.rules.residency.allowed_regions_test

import data.amlscan.lib
import data.amlscan.rules.residency.allowed_regions as rule

res(id, loc) := {"status": "ok", "resource": {"id": id, "type": "T", "location": loc}}

entry(ws_loc, sa_loc) := {"id": "/w", "workspace": res("/w", ws_loc), "storage_account": res("/sa", sa_loc), "application_insights": res("/ai", "global")}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_all_in_eu if status(rule.results) == "pass" with input as entry("westeurope", "West Europe")

test_fail_storage_in_us if {
	rs := rule.results with input as entry("westeurope", "eastus")
	status(rs) == "fail"
	some r in rs
	contains(r.message, "storage_account eastus")
}

test_fail_compute_elsewhere if {
	e := object.union(entry("westeurope", "westeurope"), {"computes": {"status": "ok", "items": [{"id": "/c", "type": "T", "properties": {"computeLocation": "eastus"}}]}})
	status(rule.results) == "fail" with input as e
}

test_parameter_regions if status(rule.results) == "pass" with input as entry("eastus", "eastus") with data.amlscan.params as object.union(lib.param_defaults, {"allowed_regions": ["East US"]})

test_unknown_when_section_forbidden if status(rule.results) == "unknown" with input as object.union(entry("westeurope", "westeurope"), {"key_vault": {"status": "forbidden"}})

test_unknown_when_workspace_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden"}}

# A compute whose computeLocation is absent or not a string is placed by its location.
test_compute_location_falls_back_to_location if {
	computes := {"status": "ok", "items": [
		{"id": "/c1", "type": "T", "location": "eastus", "properties": {}},
		{"id": "/c2", "type": "T", "location": "East US 2", "properties": {"computeLocation": null}},
		{"id": "/c3", "type": "T", "location": "eastus", "properties": {"computeLocation": "West Europe"}},
	]}
	rs := rule.results with input as object.union(entry("westeurope", "westeurope"), {"computes": computes})
	status(rs) == "fail"
	some r in rs
	r.message == "Resources outside the allowed regions: computes eastus (/c1); computes eastus2 (/c2)."
}

test_unknown_no_regions_configured if status(rule.results) == "unknown" with input as entry("eastus", "eastus") with data.amlscan.params as object.union(lib.param_defaults, {"allowed_regions": []})

# A location the snapshot lists as unresolved is not known: unknown, never a pass (IaC: a location
# parameter without a value).
test_unknown_when_the_workspace_location_is_unresolved if {
	e := object.union(entry("westeurope", "westeurope"), {"workspace": {"unresolved": ["location"], "resource": {"location": null}}})
	rs := rule.results with input as e
	status(rs) == "unknown"
	some r in rs
	r.message == "Locations could not be checked for: workspace."
}

test_unknown_when_a_compute_location_is_unresolved if {
	computes := {"status": "ok", "unresolved": ["items[1].location"], "items": [
		{"id": "/c0", "type": "T", "location": "westeurope"},
		{"id": "/c1", "type": "T", "location": null},
	]}
	status(rule.results) == "unknown" with input as object.union(entry("westeurope", "westeurope"), {"computes": computes})
}

# Resolved elsewhere: a compute's computeLocation is what places it, its location does not matter.
test_pass_when_only_the_location_under_a_compute_location_is_unresolved if {
	computes := {"status": "ok", "unresolved": ["items[0].location"], "items": [{"id": "/c0", "type": "T", "location": null, "properties": {"computeLocation": "westeurope"}}]}
	status(rule.results) == "pass" with input as object.union(entry("westeurope", "westeurope"), {"computes": computes})
}

# Per-workspace residency: a US workspace tagged so passes in the US and fails in the EU.
us_residency := object.union(lib.param_defaults, {"residency": {"by_tag": {"tag": "data-region", "regions": {"us": ["eastus"]}}, "by_scope": {}}})

tagged(ws_loc, sa_loc, value) := object.union(entry(ws_loc, sa_loc), {"workspace": {"resource": {"tags": {"data-region": value}}}})

test_pass_us_workspace_by_tag if {
	rs := rule.results with input as tagged("eastus", "eastus", "US") with data.amlscan.params as us_residency
	status(rs) == "pass"
	some r in rs
	r.message == "The workspace and every associated resource are in allowed regions. Allowed regions from the workspace's tag data-region=US."
}

test_fail_us_workspace_with_eu_storage if {
	rs := rule.results with input as tagged("eastus", "westeurope", "us") with data.amlscan.params as us_residency
	status(rs) == "fail"
	some r in rs
	r.evidence[0].expected == ["eastus"]
}

test_unknown_tag_value_not_mapped if {
	rs := rule.results with input as tagged("eastus", "eastus", "apac") with data.amlscan.params as us_residency
	status(rs) == "unknown"
	some r in rs
	startswith(r.message, "The workspace's data-region tag is 'apac'")
}

test_pass_by_scope if status(rule.results) == "pass" with input as entry("uksouth", "ukwest") with data.amlscan.params as object.union(lib.param_defaults, {"residency": {"by_scope": {"/W": ["uksouth", "ukwest"]}}})
