package amlscan.rules.residency.same_geography_test

import data.amlscan.rules.residency.same_geography as rule

res(id, loc) := {"status": "ok", "resource": {"id": id, "type": "T", "location": loc}}

entry(ws_loc, sa_loc) := {"id": "/w", "workspace": res("/w", ws_loc), "storage_account": res("/sa", sa_loc)}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_within_eu_data_boundary if status(rule.results) == "pass" with input as entry("westeurope", "germanywestcentral")

test_fail_eu_and_uk if status(rule.results) == "fail" with input as entry("westeurope", "uksouth")

test_unknown_unmapped_region if status(rule.results) == "unknown" with input as entry("westeurope", "marsnorth")

test_unknown_section_error if status(rule.results) == "unknown" with input as object.union(entry("westeurope", "westeurope"), {"container_registry": {"status": "error"}})

# Each resource is listed with its geography; a location shared by several resources is looked up once.
test_fail_lists_every_resource if {
	e := object.union(entry("westeurope", "West Europe"), {"key_vault": res("/kv", "uksouth"), "application_insights": res("/ai", "global")})
	rs := rule.results with input as e
	status(rs) == "fail"
	some r in rs
	r.message == "Resources span several geographies: eu-data-boundary: storage_account, eu-data-boundary: workspace, united-kingdom: key_vault."
}

test_pass_names_the_geography if {
	rs := rule.results with input as entry("uksouth", "ukwest")
	some r in rs
	r.message == "All resources are in one geography (united-kingdom)."
}

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
