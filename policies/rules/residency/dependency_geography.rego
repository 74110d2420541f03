# METADATA
# title: What the workspace depends on stays in the workspace's geography
# description: >-
#   The companion of AML-RES-002 for what the workspace depends on (the dependencies of AML-RES-003:
#   storage secondary regions, datastore accounts, the Cosmos DB, search and storage of a
#   customer-managed-key workspace, the registries of its subscription with their replication regions,
#   Log Analytics destinations, batch endpoints): each must be in the data-residency geography of the
#   workspace's own region (EU and EFTA regions form the EU Data Boundary, other regions their Azure
#   geography), whatever regions are allowed, so that no replica or log copy crosses a boundary the
#   workspace does not. A region the scanner does not map to a geography is unknown rather than
#   guessed; global resources are ignored. Unknown when a dependency could not be collected or placed
#   and none is in another geography.
# custom:
#   id: AML-RES-004
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["44", "46(1)"]
#   remediation:
#     text: Move the dependencies (or their replicas) in another geography into the workspace's geography, or document the transfer safeguards they need.
#   references:
#     docs: ["https://learn.microsoft.com/privacy/eudb/eu-data-boundary-learn", "https://learn.microsoft.com/azure/reliability/cross-region-replication-azure"]
package amlscan.rules.residency.dependency_geography

import data.amlscan.lib

# Every place of lib.dependency_places in the geography (lib.region_geography) of the workspace's region.

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.unknown(
	lib.workspace,
	concat("", ["The workspace's region (", lib.text(object.get(lib.workspace, "location", null)), ") has no known geography."]),
	[{"path": "location", "found": object.get(lib.workspace, "location", null), "expected": "a region with a known geography"}],
) if {
	lib.workspace
	not home
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Dependencies outside the workspace's geography (", home, "): ", concat("; ", sort(elsewhere)), "."]),
	evidence,
) if {
	count(elsewhere) > 0
}

# Regions without a known geography and dependencies that could not be placed are only looked at
# when none is known to be elsewhere.
results contains lib.unknown(
	lib.workspace,
	concat("", ["Geographies could not be checked for: ", concat(", ", sort(unknown_places | lib.dependency_gaps)), "."]),
	evidence,
) if {
	home
	count(elsewhere) == 0
	count(unknown_places | lib.dependency_gaps) > 0
}

results contains lib.pass(
	lib.workspace,
	concat("", ["Every dependency of the workspace is in its geography (", home, ")."]),
	evidence,
) if {
	home
	count(elsewhere) == 0
	count(unknown_places | lib.dependency_gaps) == 0
}

# The geography of the workspace's region (undefined when its location is not a known region, or
# is unresolved).
home := lib.region_geography[lib.region_name(lib.workspace.location)] if {
	is_string(lib.workspace.location)
	not "location" in lib.arr(object.get(input, ["workspace", "unresolved"], []))
}

# Each distinct region is looked up once.
geography_of[location] := lib.region_geography[location] if {
	some location in {place.location | some place in lib.dependency_places}
}

elsewhere contains concat("", [place.what, " ", place.location, " (", geography_of[place.location], ")"]) if {
	some place in lib.dependency_places
	geography_of[place.location] != home
}

unknown_places contains concat("", [place.what, " ", place.location, " (no known geography)"]) if {
	some place in lib.dependency_places
	not geography_of[place.location]
}

evidence := [{
	"path": "dependencies.location",
	"found": sort([concat("", [place.what, ": ", place.location]) | some place in lib.dependency_places]),
	"expected": concat("", ["regions in ", lib.text(home)]),
}]
