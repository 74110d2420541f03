package amlscan.rules.governance.allowed_locations_policy_test

import data.amlscan.lib
import data.amlscan.rules.governance.allowed_locations_policy as rule
import data.amlscan.test.inputs

locations_id := "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c"

rg_locations_id := "/providers/Microsoft.Authorization/policyDefinitions/e765b5de-1225-4ba3-bd56-1ac6695af988"

assignment(name, definition, mode) := {
	"id": concat("", ["/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/", name]), "name": name,
	"properties": {"policyDefinitionId": definition, "enforcementMode": mode},
}

entry(definition, effect, parameters) := {"policy_definition_id": definition, "effect": effect, "parameters": parameters, "unresolved": []}

allowed_list(regions) := {"listOfAllowedLocations": regions}

# A workspace entry with the assignments [[assignment, resolved entries]].
inp(assignments) := inputs.entry({
	"workspace": inputs.ok(inputs.workspace({})),
	"policy_assignments": {
		"status": "ok",
		"items": [a | some [a, _] in assignments],
		"resolved_policies": {lower(a.id): entries | some [a, entries] in assignments},
	},
})

# Allowed locations assigned on its own, with its literal Deny effect.
locations(regions) := [assignment("allowed-locations", locations_id, "Default"), [entry(locations_id, "deny", allowed_list(regions))]]

status(rs) := inputs.only(rs).status

test_pass_with_eu_regions if {
	v := inputs.only(rule.results) with input as inp([locations(["westeurope", "North Europe"])])
	v.status == "pass"
	v.message == "Azure Policy denies deployments outside the allowed regions: allowed-locations."
	v.evidence[0].found == ["allowed-locations: northeurope, westeurope"]
}

test_pass_through_an_initiative_member if {
	set := assignment("eu-guardrails", "/providers/Microsoft.Authorization/policySetDefinitions/eu", "Default")
	members := [entry("/providers/Microsoft.Authorization/policyDefinitions/438c38d2-3772-465a-a9cc-7a6666a275ce", "Audit", {}), entry(locations_id, "deny", allowed_list(["westeurope"]))]
	status(rule.results) == "pass" with input as inp([[set, members]])
}

test_fail_without_an_assignment if {
	v := inputs.only(rule.results) with input as inp([])
	v.status == "fail"
	endswith(v.message, "(built-in Allowed locations, e56962a6, with effect Deny).")
}

test_fail_when_the_policy_allows_other_regions if {
	v := inputs.only(rule.results) with input as inp([locations(["westeurope", "eastus"])])
	v.status == "fail"
	endswith(v.message, "outside allowed_regions: eastus.")
}

test_the_parameter_sets_the_allowed_regions if {
	status(rule.results) == "pass" with input as inp([locations(["westeurope", "eastus"])])
		with data.amlscan.params as object.union(lib.param_defaults, {"allowed_regions": ["West Europe", "eastus"]})
}

test_fail_with_only_the_resource_group_policy if {
	rg := [assignment("rg-locations", rg_locations_id, "Default"), [entry(rg_locations_id, "deny", allowed_list(["westeurope"]))]]
	v := inputs.only(rule.results) with input as inp([rg])
	v.status == "fail"
	contains(v.message, "Allowed locations for resource groups (e765b5de) is assigned, but it restricts only where resource groups are created")
}

test_fail_when_not_enforced if {
	not_enforced := [assignment("allowed-locations", locations_id, "DoNotEnforce"), [entry(locations_id, "deny", allowed_list(["westeurope"]))]]
	status(rule.results) == "fail" with input as inp([not_enforced])
}

test_fail_when_an_override_disables_it if {
	disabled := [assignment("allowed-locations", locations_id, "Default"), [entry(locations_id, "Disabled", allowed_list(["westeurope"]))]]
	status(rule.results) == "fail" with input as inp([disabled])
}

test_unknown_when_the_allowed_list_is_unresolved if {
	unresolved := [assignment("allowed-locations", locations_id, "Default"), [entry(locations_id, "deny", {})]]
	v := inputs.only(rule.results) with input as inp([unresolved])
	v.status == "unknown"
	contains(v.message, "assignment(s) allowed-locations could not be resolved")
}

test_unknown_when_an_initiative_could_not_be_read if {
	set_id := "/providers/Microsoft.Authorization/policySetDefinitions/unreadable"
	status(rule.results) == "unknown" with input as inp([[assignment("set", set_id, "Default"), [entry(set_id, null, {})]]])
}

# A policy that keeps deployments in the allowed regions decides, whatever else could not be read.
test_pass_beats_an_unreadable_initiative if {
	set_id := "/providers/Microsoft.Authorization/policySetDefinitions/unreadable"
	status(rule.results) == "pass" with input as inp([locations(["westeurope"]), [assignment("set", set_id, "Default"), [entry(set_id, null, {})]]])
}

test_unknown_when_no_regions_are_configured if {
	status(rule.results) == "unknown" with input as inp([locations(["westeurope"])])
		with data.amlscan.params as object.union(lib.param_defaults, {"allowed_regions": []})
}

test_unknown_when_forbidden if {
	v := inputs.only(rule.results) with input as inputs.entry({"workspace": inputs.ok(inputs.workspace({})), "policy_assignments": inputs.forbidden})
	v.status == "unknown"
	v.message == "policy_assignments could not be collected (forbidden): AuthorizationFailed"
}

test_unknown_when_there_is_no_workspace if status(rule.results) == "unknown" with input as inputs.entry({"workspace": inputs.forbidden})

test_non_string_locations_are_not_allowed_regions if {
	v := inputs.only(rule.results) with input as inp([locations(["westeurope", 5])])
	v.status == "fail"
	endswith(v.message, "outside allowed_regions: (not a region name).")
}
