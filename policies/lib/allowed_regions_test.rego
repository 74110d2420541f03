package amlscan.lib_test

import data.amlscan.lib
import data.amlscan.test.inputs

residency := {
	"by_tag": {"tag": "Data-Region", "regions": {"EU": ["West Europe", "northeurope"], "us": ["eastus"]}},
	"by_scope": {
		"/subscriptions/s": ["swedencentral"],
		"/subscriptions/s/resourceGroups/RG/": ["francecentral"],
		"/subscriptions/s/resourceGroups/rg2": ["uksouth"],
	},
}

tagged(tags) := inputs.entry({"workspace": inputs.ok(object.union(inputs.workspace({}), {"tags": tags}))})

with_residency(value) := object.union(lib.param_defaults, {"residency": value})

test_residency_defaults_to_allowed_regions if {
	r := lib.residency_regions with input as inputs.workspace_entry({})
	r.source == "allowed_regions"
	"westeurope" in r.regions
	lib.residency_note == "" with input as inputs.workspace_entry({})
}

test_residency_by_tag_value_case_insensitive if {
	r := lib.residency_regions with input as tagged({"data-region": " eu "}) with data.amlscan.params as with_residency(residency)
	r == {"source": "tag data-region= eu ", "regions": {"westeurope", "northeurope"}}
	lib.residency_note == " Allowed regions from the workspace's tag data-region= eu ." with input as tagged({"data-region": " eu "}) with data.amlscan.params as with_residency(residency)
}

# The most specific scope holding the workspace wins; a scope must end at a segment ("rg2" does not hold "rg").
test_residency_by_most_specific_scope if {
	r := lib.residency_regions with input as inputs.workspace_entry({}) with data.amlscan.params as with_residency(residency)
	r == {"source": "scope /subscriptions/s/resourceGroups/RG/", "regions": {"francecentral"}}
	r2 := lib.residency_regions with input as inputs.workspace_entry({}) with data.amlscan.params as with_residency({"by_scope": {"/subscriptions/s": ["swedencentral"], "/subscriptions/s/resourceGroups/r": ["uksouth"]}})
	r2.regions == {"swedencentral"}
}

test_residency_tag_wins_over_scope if {
	r := lib.residency_regions with input as tagged({"data-region": "us"}) with data.amlscan.params as with_residency(residency)
	r.regions == {"eastus"}
}

test_residency_unmapped_tag_value_is_unknown if {
	e := tagged({"data-region": "apac"})
	not lib.residency_regions with input as e with data.amlscan.params as with_residency(residency)
	v := lib.residency_unmapped with input as e with data.amlscan.params as with_residency(residency)
	v.status == "unknown"
	v.message == "The workspace's data-region tag is 'apac', which the residency.by_tag.regions parameter does not map to regions: its allowed regions are not known."
	v.evidence[0].expected == ["EU", "us"]
	not lib.residency_unmapped with input as tagged({"other": "apac"}) with data.amlscan.params as with_residency(residency)
}

test_residency_without_tag_or_scope_takes_allowed_regions if {
	r := lib.residency_regions with input as inputs.workspace_entry({}) with data.amlscan.params as with_residency({"by_tag": residency.by_tag, "by_scope": {"/subscriptions/other": ["eastus"]}})
	r.source == "allowed_regions"
}
