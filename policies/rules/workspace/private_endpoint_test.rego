package amlscan.rules.workspace.private_endpoint_test

import data.amlscan.rules.workspace.private_endpoint as rule

ws := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": {}}

pec(state) := {"name": "pe1", "properties": {"privateLinkServiceConnectionState": {"status": state}}}

inp(sec) := {"id": "/w", "workspace": {"status": "ok", "resource": ws}, "private_endpoint_connections": sec}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_with_approved if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [pec("Pending"), pec("approved")]})

test_fail_with_none if status(rule.results) == "fail" with input as inp({"status": "ok", "items": []})

test_fail_with_only_pending if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [pec("Pending"), pec("Rejected")]})

test_unknown_when_section_forbidden if status(rule.results) == "unknown" with input as inp({"status": "forbidden", "message": "no", "items": []})

test_unknown_when_section_missing if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws}}

# A connection whose name is not a string is named by its text; the workspace still passes.
test_pass_names_a_connection_named_by_a_number if {
	rs := rule.results with input as inp({"status": "ok", "items": [object.union(pec("Approved"), {"name": 5})]})
	some r in rs
	r.status == "pass"
	r.message == "Approved private endpoint connection(s): 5."
}
