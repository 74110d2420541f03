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
