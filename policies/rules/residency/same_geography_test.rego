package amlscan.rules.residency_same_geography_test

import rego.v1

import data.amlscan.rules.residency_same_geography as rule

res(id, loc) := {"status": "ok", "resource": {"id": id, "type": "T", "location": loc}}

entry(ws_loc, sa_loc) := {"id": "/w", "workspace": res("/w", ws_loc), "storage_account": res("/sa", sa_loc)}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_within_eu_data_boundary if status(rule.verdicts(entry("westeurope", "germanywestcentral"))) == "pass"

test_fail_eu_and_uk if status(rule.verdicts(entry("westeurope", "uksouth"))) == "fail"

test_unknown_unmapped_region if status(rule.verdicts(entry("westeurope", "marsnorth"))) == "unknown"

test_unknown_section_error if status(rule.verdicts(object.union(entry("westeurope", "westeurope"), {"container_registry": {"status": "error"}}))) == "unknown"

# Each resource is listed with its geography; a location shared by several resources is looked up once.
test_fail_lists_every_resource if {
	e := object.union(entry("westeurope", "West Europe"), {"key_vault": res("/kv", "uksouth"), "application_insights": res("/ai", "global")})
	rs := rule.verdicts(e)
	status(rs) == "fail"
	some r in rs
	r.message == "Resources span several geographies: eu-data-boundary: storage_account, eu-data-boundary: workspace, united-kingdom: key_vault."
}

test_pass_names_the_geography if {
	rs := rule.verdicts(entry("uksouth", "ukwest"))
	some r in rs
	r.message == "All resources are in one geography (united-kingdom)."
}
