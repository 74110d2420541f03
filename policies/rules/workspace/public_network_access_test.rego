package amlscan.rules.workspace.public_network_access_test

import data.amlscan.rules.workspace.public_network_access as rule

ws(props) := {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}

only(rs) := r if {
	count(rs) == 1
	some r in rs
}

test_pass_when_disabled if {
	r := only(rule.results) with input as {"id": "w", "workspace": {"status": "ok", "resource": ws({"publicNetworkAccess": "Disabled"})}}
	r.status == "pass"
	r.evidence[0] == {"path": "properties.publicNetworkAccess", "found": "Disabled", "expected": "Disabled"}
}

test_pass_is_case_insensitive if {
	r := only(rule.results) with input as {"id": "w", "workspace": {"status": "ok", "resource": ws({"publicNetworkAccess": "disabled"})}}
	r.status == "pass"
}

test_fail_when_enabled if {
	r := only(rule.results) with input as {"id": "w", "workspace": {"status": "ok", "resource": ws({"publicNetworkAccess": "Enabled"})}}
	r.status == "fail"
	r.evidence[0].found == "Enabled"
}

test_fail_when_absent_service_default if {
	r := only(rule.results) with input as {"id": "w", "workspace": {"status": "ok", "resource": ws({})}}
	r.status == "fail"
	r.evidence[0].found == null
	contains(r.message, "service default")
}

test_unknown_when_forbidden if {
	r := only(rule.results) with input as {"id": "w", "workspace": {"status": "forbidden", "message": "AuthorizationFailed", "resource": null}}
	r.status == "unknown"
	r.resource_id == "w"
	contains(r.message, "AuthorizationFailed")
}

test_unknown_when_unresolved if {
	r := only(rule.results) with input as {"id": "w", "workspace": {"status": "ok", "unresolved": ["properties.publicNetworkAccess"], "resource": ws({})}}
	r.status == "unknown"
}

# An ok workspace section whose resource is null holds nothing to judge: unknown, saying so.
test_unknown_when_the_section_holds_no_workspace if {
	r := only(rule.results) with input as {"id": "/w", "workspace": {"status": "ok", "resource": null}}
	r.status == "unknown"
	r.resource_id == "/w"
	r.message == "The snapshot holds no workspace resource: its section is ok but its resource is null."
}
