# METADATA
# title: Workspace and its resources are in one data-residency geography
# description: >-
#   Data moves between the workspace, its storage, registries, computes and endpoints all the time;
#   if they sit in different geographies, personal data crosses a residency boundary on every job.
#   Every located resource of the workspace must fall in the same geography: EU and EFTA regions form
#   the EU Data Boundary, other regions their Azure geography (United States, United Kingdom, ...).
#   A region the scanner does not know is unknown rather than guessed. Global resources are ignored.
# custom:
#   id: AML-RES-002
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["44", "46(1)"]
#   remediation:
#     text: Move the resources in a different geography into the workspace's geography.
#   references:
#     docs: ["https://learn.microsoft.com/privacy/eudb/eu-data-boundary-learn"]
package amlscan.rules.residency_same_geography

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict2(inp, ws)} if ws := lib.resource(inp.workspace)

_geos(inp) := {lib.geography(r.location) | some r in lib.placed_resources(inp)}

_unmapped(inp) := {r.location | some r in lib.placed_resources(inp); not lib.geography(r.location)}

_by_geo(inp) := {concat("", [lib.geography(r.location), ": ", r.section]) | some r in lib.placed_resources(inp); lib.geography(r.location)}

_ev(inp) := [lib.evidence("location", sort(_by_geo(inp)), "one geography")]

_verdict2(inp, ws) := lib.fail(ws, concat("", ["Resources span several geographies: ", concat(", ", sort(_by_geo(inp))), "."]), _ev(inp)) if count(_geos(inp)) > 1

_verdict2(inp, ws) := lib.unknown(ws.id, ws.type, concat("", ["Unknown geography for region(s): ", concat(", ", sort(_unmapped(inp))), "."]), _ev(inp)) if {
	count(_geos(inp)) <= 1
	count(_unmapped(inp)) > 0
}

_verdict2(inp, ws) := lib.unknown(ws.id, ws.type, concat("", ["Locations could not be checked for: ", concat(", ", sort(lib.unplaced_sections(inp))), "."]), _ev(inp)) if {
	count(_geos(inp)) <= 1
	count(_unmapped(inp)) == 0
	count(lib.unplaced_sections(inp)) > 0
}

_verdict2(inp, ws) := lib.pass(ws, concat("", ["All resources are in one geography (", concat(", ", _geos(inp)), ")."]), _ev(inp)) if {
	count(_geos(inp)) <= 1
	count(_unmapped(inp)) == 0
	count(lib.unplaced_sections(inp)) == 0
}
