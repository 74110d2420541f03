# METADATA
# title: Workspace and its resources stay in the allowed regions
# description: >-
#   GDPR Chapter V restricts transfers of personal data outside the EEA, and many organisations pin
#   health data to a country. The workspace, its storage account, key vaults, container registry,
#   Application Insights, Log Analytics workspace, computes and online endpoints must all be located
#   in a region the workspace is allowed (default: the allowed_regions parameter, the EU/EEA regions;
#   with the residency parameter, the regions its data-region tag or its subscription or resource
#   group maps to, so an EU workspace stays in the EU and a US one in the US). Locations compare case-
#   and space-insensitively; global resources are ignored. Unknown when a section could not be
#   collected and no resource is out of bounds, and when the workspace's residency tag names a value
#   the residency parameter does not map. What the workspace depends on beyond these (datastore
#   accounts, registries, log destinations, secondary regions) is AML-RES-003.
# custom:
#   id: AML-RES-001
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["44", "45(1)", "46(1)"]
#   remediation:
#     text: Recreate the out-of-region resources in an allowed region, move the data, and enforce the region list with the built-in Allowed locations policy.
#     cli: az policy assignment create --name allowed-locations --policy e56962a6-4747-49cd-b67b-bf8b01975c4c --scope /subscriptions/<sub> --params '{"listOfAllowedLocations":{"value":["westeurope","northeurope"]}}'
#   references:
#     azure_policy: ["e56962a6-4747-49cd-b67b-bf8b01975c4c"]
#     psrule: ["Azure.Resource.AllowedRegions"]
#     docs: ["https://learn.microsoft.com/azure/reliability/regions-list", "https://learn.microsoft.com/privacy/eudb/eu-data-boundary-learn"]
package amlscan.rules.residency.allowed_regions

import data.amlscan.lib

# The workspace and every resource that holds or processes its data (lib.placed_resources) in one
# of the workspace's allowed regions (lib.residency_regions: parameters residency, allowed_regions).

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.residency_unmapped

results contains lib.unknown(lib.workspace, empty, []) if {
	count(allowed) == 0
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Resources outside the allowed regions: ", concat("; ", sort(outside)), ".", lib.residency_note]),
	evidence,
) if {
	count(allowed) > 0
	count(outside) > 0
}

# Sections that could not be collected (or whose locations are unresolved) are only looked at when
# no resource is out of bounds.
results contains lib.unknown(
	lib.workspace,
	concat("", ["Locations could not be checked for: ", concat(", ", sort(lib.unplaced_sections)), "."]),
	evidence,
) if {
	count(allowed) > 0
	count(outside) == 0
	count(lib.unplaced_sections) > 0
}

results contains lib.pass(lib.workspace, concat("", ["The workspace and every associated resource are in allowed regions.", lib.residency_note]), evidence) if {
	count(allowed) > 0
	count(outside) == 0
	count(lib.unplaced_sections) == 0
}

allowed := lib.residency_regions.regions

empty := "No allowed regions are configured (parameter allowed_regions is empty)." if {
	lib.residency_regions.source == "allowed_regions"
} else := concat("", ["No allowed regions are configured for the workspace's ", lib.residency_regions.source, "."])

outside contains concat("", [resource.section, " ", resource.location, " (", resource.id, ")"]) if {
	some resource in lib.placed_resources
	not resource.location in allowed
}

evidence := [{
	"path": "location",
	"found": {resource.id: resource.location | some resource in lib.placed_resources},
	"expected": sort(allowed),
}]
