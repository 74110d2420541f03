package amlscan.lib_test

import data.amlscan.lib
import data.amlscan.test.inputs

set_id := "/providers/Microsoft.Authorization/policySetDefinitions/eu"

locations := "/providers/Microsoft.Authorization/policyDefinitions/E56962A6-4747-49cd-b67b-bf8b01975c4c"

assignment := {"id": "/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/EU", "name": "EU", "properties": {"policyDefinitionId": set_id}}

with_policies(items, resolved) := inputs.entry({
	"workspace": inputs.ok(inputs.workspace({})),
	"policy_assignments": {"status": "ok", "items": items, "resolved_policies": resolved},
})

test_enforced_policies_expand_initiatives if {
	entries := [
		{"policy_definition_id": locations, "effect": "Deny", "parameters": {"listOfAllowedLocations": ["westeurope"]}},
		{"policy_definition_id": "/subscriptions/s/providers/Microsoft.Authorization/policyDefinitions/custom", "effect": null, "parameters": null},
	]
	policies := lib.enforced_policies with input as with_policies([assignment], {lower(assignment.id): entries})
	policies == {
		{"assignment": "EU", "definition": "e56962a6-4747-49cd-b67b-bf8b01975c4c", "initiative": false, "effect": "deny", "parameters": {"listOfAllowedLocations": ["westeurope"]}},
		{"assignment": "EU", "definition": "", "initiative": false, "effect": null, "parameters": {}},
	}
}

test_an_unresolved_assignment_stands_for_its_definition_with_an_unknown_effect if {
	policies := lib.enforced_policies with input as with_policies([assignment], {})
	policies == {{"assignment": "EU", "definition": "", "initiative": true, "effect": null, "parameters": {}}}
}

test_assignments_not_enforced_on_the_workspace if {
	entries := {lower(assignment.id): [{"policy_definition_id": locations, "effect": "deny"}]}
	count(lib.enforced_policies) == 1 with input as with_policies([assignment], entries)
	not_enforced := json.patch(assignment, [{"op": "add", "path": "/properties/enforcementMode", "value": "doNotEnforce"}])
	count(lib.enforced_policies) == 0 with input as with_policies([not_enforced], entries)
	excluded := json.patch(assignment, [{"op": "add", "path": "/properties/notScopes", "value": [5, "/subscriptions/S"]}])
	count(lib.enforced_policies) == 0 with input as with_policies([excluded], entries)
	sibling := json.patch(assignment, [{"op": "add", "path": "/properties/notScopes", "value": ["/subscriptions/s/resourceGroups/rg2"]}])
	count(lib.enforced_policies) == 1 with input as with_policies([sibling], entries)
}

test_enforced_policies_are_total if {
	count(lib.enforced_policies) == 0 with input as with_policies(["x", 5], {"x": 1})
	count(lib.enforced_policies) == 1 with input as with_policies([{"id": 5}], null)
	count(lib.enforced_policies) == 0 with input as inputs.entry({"policy_assignments": inputs.forbidden})
}
