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
#     azure_policy: ["e56962a6-4747-49cd-b67b-bf8b01975c4c"]
#     psrule: ["Azure.Resource.AllowedRegions"]
#     docs: ["https://learn.microsoft.com/azure/reliability/regions-list", "https://learn.microsoft.com/privacy/eudb/eu-data-boundary-learn"]
package amlscan.rules.residency_allowed_regions

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

verdicts(inp) := _ar_verdicts(inp, _ar_allowed, _ar_expected)

# For tests that pass their own parameters.
verdicts_with(inp, p) := _ar_verdicts(inp, allowed, sort(allowed)) if {
	allowed := {lower(replace(r, " ", "")) | some r in p.allowed_regions}
}

# The configured regions, normalised and sorted, in package rules (as other rules read their
# parameters): verdicts_with normalises the regions it is given the same way.
_ar_allowed contains lower(replace(r, " ", "")) if {
	some r in lib.params.allowed_regions
}

_ar_expected := sort(_ar_allowed)

# One definition: the judged case first, then no configured regions, then an unreadable workspace.
# The body holds only the tests that pick the branch: rego-cpp runs each statement as soon as its
# variables are bound, so locations read here from inp alone would be read before the workspace is
# known to be readable. The judgement is in _ar_verdict.
_ar_verdicts(inp, allowed, expected) := {_ar_verdict(inp, ws, allowed, expected)} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	count(allowed) > 0
} else := {{"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": "No allowed regions are configured (parameter allowed_regions is empty).", "evidence": []}} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"

# Where each resource runs, and the resources outside the allowed regions.
_ar_verdict(inp, ws, allowed, expected) := _ar_judge(inp, ws, outside, [{"path": "location", "found": {r.id: r.location | some r in placed}, "expected": expected}]) if {
	placed := lib.placed_resources(inp)
	outside := {concat("", [r.section, " ", r.location, " (", r.id, ")"]) |
		some r in placed
		not allowed[r.location]
	}
}

# Sections that could not be collected are only looked at when no resource is out of bounds.
_ar_judge(inp, ws, outside, ev) := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Resources outside the allowed regions: ", concat("; ", sort(outside)), "."]), "evidence": ev} if {
	count(outside) > 0
} else := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Locations could not be checked for: ", concat(", ", sort(unplaced)), "."]), "evidence": ev} if {
	unplaced := lib.unplaced_sections(inp)
	count(unplaced) > 0
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "The workspace and every associated resource are in allowed regions.", "evidence": ev}
