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
package amlscan.rules.residency.same_geography

import data.amlscan.lib

# The workspace and every resource that holds or processes its data (lib.placed_resources) in one
# data-residency boundary (lib.region_geography).

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.fail(
	lib.workspace,
	concat("", ["Resources span several geographies: ", concat(", ", sort(by_geography)), "."]),
	evidence,
) if {
	count(geographies) > 1
}

results contains lib.unknown(
	lib.workspace,
	concat("", ["Unknown geography for region(s): ", concat(", ", sort(unmapped)), "."]),
	evidence,
) if {
	count(geographies) < 2
	count(unmapped) > 0
}

# Sections that could not be collected (or whose locations are unresolved) are only looked at when
# every location is known.
results contains lib.unknown(
	lib.workspace,
	concat("", ["Locations could not be checked for: ", concat(", ", sort(lib.unplaced_sections)), "."]),
	evidence,
) if {
	count(geographies) < 2
	count(unmapped) == 0
	count(lib.unplaced_sections) > 0
}

results contains lib.pass(
	lib.workspace,
	concat("", ["All resources are in one geography (", concat(", ", geographies), ")."]),
	evidence,
) if {
	count(geographies) < 2
	count(unmapped) == 0
	count(lib.unplaced_sections) == 0
}

# Each distinct location is looked up once.
geography_of[location] := lib.region_geography[location] if {
	some location in {resource.location | some resource in lib.placed_resources}
}

unmapped contains resource.location if {
	some resource in lib.placed_resources
	not geography_of[resource.location]
}

geographies := {geography | some geography in geography_of}

by_geography contains concat("", [geography_of[resource.location], ": ", resource.section]) if {
	some resource in lib.placed_resources
	geography_of[resource.location]
}

evidence := [{"path": "location", "found": sort(by_geography), "expected": "one geography"}]
