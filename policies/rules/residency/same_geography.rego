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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judged case first, then an unreadable workspace. Derived values are computed
# once and passed down (rego-cpp does not memoise functions).
verdicts(inp) := {_sg_judge(inp, ws, geos, unmapped, by_geo, [{"path": "location", "found": sort(by_geo), "expected": "one geography"}])} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	placed := lib.placed_resources(inp)

	# Each distinct location is looked up once: the region table is large, so binding it costs
	# ~0.2 ms and each index into it scans it.
	geo := lib.region_geography
	mapped := {loc: g | some loc in {r.location | some r in placed}; g := geo[loc]}
	unmapped := {r.location | some r in placed; not mapped[r.location]}
	geos := {g | some g in mapped}
	by_geo := {concat("", [mapped[r.location], ": ", r.section]) | some r in placed; mapped[r.location]}
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

# Sections that could not be collected are only looked at when every location is known.
_sg_judge(inp, ws, geos, unmapped, by_geo, ev) := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Resources span several geographies: ", concat(", ", sort(by_geo)), "."]), "evidence": ev} if {
	count(geos) > 1
} else := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Unknown geography for region(s): ", concat(", ", sort(unmapped)), "."]), "evidence": ev} if {
	count(unmapped) > 0
} else := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Locations could not be checked for: ", concat(", ", sort(unplaced)), "."]), "evidence": ev} if {
	unplaced := lib.unplaced_sections(inp)
	count(unplaced) > 0
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["All resources are in one geography (", concat(", ", geos), ")."]), "evidence": ev}
