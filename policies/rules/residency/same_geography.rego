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

verdicts(inp) := {_geo_verdict(inp, ws, lib.placed_resources(inp))} if ws := lib.resource(inp.workspace)

# Each derived value is computed once here and passed down (rego-cpp does not memoise functions).
_geo_verdict(inp, ws, placed) := _geo_judge(ws, geos, unmapped, by_geo, lib.unplaced_sections(inp)) if {
	mapped := [{"geography": g, "section": r.section} | some r in placed; g := lib.geography(r.location)]
	geos := {m.geography | some m in mapped}
	unmapped := {r.location | some r in placed; not lib.geography(r.location)}
	by_geo := {concat("", [m.geography, ": ", m.section]) | some m in mapped}
}

_geo_judge(ws, geos, unmapped, by_geo, unplaced) := lib.fail(ws, concat("", ["Resources span several geographies: ", concat(", ", sort(by_geo)), "."]), _geo_ev(by_geo)) if {
	count(geos) > 1
} else := lib.unknown(ws.id, ws.type, concat("", ["Unknown geography for region(s): ", concat(", ", sort(unmapped)), "."]), _geo_ev(by_geo)) if {
	count(unmapped) > 0
} else := lib.unknown(ws.id, ws.type, concat("", ["Locations could not be checked for: ", concat(", ", sort(unplaced)), "."]), _geo_ev(by_geo)) if {
	count(unplaced) > 0
} else := lib.pass(ws, concat("", ["All resources are in one geography (", concat(", ", geos), ")."]), _geo_ev(by_geo))

_geo_ev(by_geo) := [lib.evidence("location", sort(by_geo), "one geography")]
