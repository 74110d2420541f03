# METADATA
# title: Workspace and its resources stay in the allowed regions
# description: >-
#   GDPR Chapter V restricts transfers of personal data outside the EEA, and many organisations pin
#   health data to a country. The workspace, its storage account, key vaults, container registry,
#   Application Insights, Log Analytics workspace, computes and online endpoints must all be located
#   in a region listed in the allowed_regions parameter (default: the EU/EEA regions). Locations
#   compare case- and space-insensitively; global resources are ignored. Unknown when a section
#   could not be collected and no resource is out of bounds.
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
#     docs: ["https://learn.microsoft.com/azure/reliability/regions-list", "https://learn.microsoft.com/privacy/eudb/eu-data-boundary-learn"]
package amlscan.rules.residency_allowed_regions

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

verdicts_with(inp, _) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts_with(inp, p) := {_regions_verdict(inp, ws, p)} if ws := lib.resource(inp.workspace)

# Each derived value is computed once here and passed down (rego-cpp does not memoise functions).
_regions_verdict(_, ws, p) := lib.unknown(ws.id, ws.type, "No allowed regions are configured (parameter allowed_regions is empty).", []) if {
	count(p.allowed_regions) == 0
}

_regions_verdict(inp, ws, p) := _regions_judge(ws, outside, ev, lib.unplaced_sections(inp)) if {
	count(p.allowed_regions) > 0
	placed := lib.placed_resources(inp)
	allowed := {lower(replace(r, " ", "")) | some r in p.allowed_regions}
	outside := {concat("", [r.section, " ", lib.text(object.get(r, "location", "")), " (", r.id, ")"]) |
		some r in placed
		not r.location in allowed
	}
	ev := [lib.evidence("location", {r.id: r.location | some r in placed}, sort(allowed))]
}

_regions_judge(ws, outside, ev, unplaced) := lib.fail(ws, concat("", ["Resources outside the allowed regions: ", concat("; ", sort(outside)), "."]), ev) if {
	count(outside) > 0
} else := lib.unknown(ws.id, ws.type, concat("", ["Locations could not be checked for: ", concat(", ", sort(unplaced)), "."]), ev) if {
	count(unplaced) > 0
} else := lib.pass(ws, "The workspace and every associated resource are in allowed regions.", ev)
