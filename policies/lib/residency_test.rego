package amlscan.lib_test

import data.amlscan.lib
import data.amlscan.test.inputs

test_region_geography if {
	lib.region_geography.westeurope == "eu-data-boundary"
	lib.region_geography.germanywestcentral == "eu-data-boundary"
	lib.region_geography.uksouth == "united-kingdom"

	# A region the table does not know has no geography. (Through a variable: OPA's type checker
	# refuses a literal key the table does not have.)
	unknown_region := "marsnorth"
	not lib.region_geography[unknown_region]
}

test_placed_resources_normalise_locations if {
	entry := inputs.entry({
		"workspace": inputs.ok({"id": "/w", "type": "W", "location": "West Europe"}),
		"key_vault": inputs.ok({"id": "/kv", "type": "K", "location": "global"}),
		"computes": inputs.collected([
			{"id": "/c0", "type": "C", "location": "westeurope", "properties": {"computeLocation": "East US"}},
			{"id": "/c1", "type": "C", "location": "northeurope", "properties": {"computeLocation": 5}},
		]),
	})
	placed := lib.placed_resources with input as entry
	placed == [
		{"section": "workspace", "id": "/w", "type": "W", "location": "westeurope"},
		{"section": "computes", "id": "/c0", "type": "C", "location": "eastus"},
		{"section": "computes", "id": "/c1", "type": "C", "location": "northeurope"},
	]
}

test_unplaced_sections if {
	entry := inputs.entry({
		"workspace": object.union(inputs.ok({"id": "/w", "type": "W", "location": null}), {"unresolved": ["location"]}),
		"storage_account": inputs.forbidden,
		"key_vault": null,
	})
	lib.unplaced_sections == {"workspace", "storage_account"} with input as entry
}
