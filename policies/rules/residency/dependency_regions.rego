# METADATA
# title: What the workspace depends on stays in its allowed regions
# description: >-
#   Data leaves a workspace's own resources all the time: storage replicates to a secondary region,
#   datastores point at accounts elsewhere, models and environments replicate through registries, logs
#   (which hold user names, paths and sometimes data) go to Log Analytics, batch endpoints process data.
#   Each must be in a region the workspace is allowed (those of AML-RES-001: allowed_regions, or the
#   residency parameter's regions for the workspace): the secondary region of its storage account; the
#   storage accounts its blob, Data Lake Gen2 and file datastores point at, with their secondary regions;
#   the Cosmos DB account (every replica region), search service and storage account a customer-managed-key
#   workspace brings; the replication regions of the Azure ML registries of its subscription (which
#   registries a workspace uses is written nowhere on it, so the subscription's stand for them); the Log
#   Analytics workspaces its diagnostic settings send to; its batch endpoints. A separate rule from
#   AML-RES-001 so that verdict, on the workspace's own resources, keeps its evidence, while these come
#   from sections that infrastructure code often cannot fill. Locations compare case- and
#   space-insensitively; global resources are ignored. A storage account without secondaryLocation has
#   no second region only when its SKU is not geo-redundant (LRS, ZRS). Unknown when a dependency could
#   not be collected or placed and none is out of bounds.
# custom:
#   id: AML-RES-003
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["44", "45(1)", "46(1)"]
#   remediation:
#     text: Move the out-of-region dependencies (or their replicas) into an allowed region. Choose a storage SKU whose secondary region is inside the boundary (or a zone-redundant one), restrict registry replication regions, and send diagnostics to a Log Analytics workspace in the workspace's region.
#     cli: az storage account update --name <account> --sku Standard_ZRS
#   references:
#     azure_policy: ["e56962a6-4747-49cd-b67b-bf8b01975c4c"]
#     psrule: ["Azure.Resource.AllowedRegions"]
#     docs: ["https://learn.microsoft.com/azure/reliability/cross-region-replication-azure", "https://learn.microsoft.com/azure/machine-learning/how-to-manage-registries", "https://learn.microsoft.com/privacy/eudb/eu-data-boundary-learn"]
package amlscan.rules.residency.dependency_regions

import data.amlscan.lib

# Every place of lib.dependency_places in one of the workspace's allowed regions (lib.residency_regions).

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.residency_unmapped

results contains lib.unknown(lib.workspace, "No allowed regions are configured for the workspace.", []) if {
	count(allowed) == 0
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Dependencies outside the allowed regions: ", concat("; ", sort(outside)), ".", lib.residency_note]),
	evidence,
) if {
	count(allowed) > 0
	count(outside) > 0
}

# Dependencies that could not be placed are only looked at when none is out of bounds.
results contains lib.unknown(
	lib.workspace,
	concat("", ["Regions could not be checked for: ", concat(", ", sort(lib.dependency_gaps)), "."]),
	evidence,
) if {
	count(allowed) > 0
	count(outside) == 0
	count(lib.dependency_gaps) > 0
}

results contains lib.pass(
	lib.workspace,
	concat("", ["Every dependency of the workspace is in an allowed region.", lib.residency_note]),
	evidence,
) if {
	count(allowed) > 0
	count(outside) == 0
	count(lib.dependency_gaps) == 0
}

allowed := lib.residency_regions.regions

outside contains concat("", [place.what, " ", place.location]) if {
	some place in lib.dependency_places
	not place.location in allowed
}

evidence := [{
	"path": "dependencies.location",
	"found": sort([concat("", [place.what, ": ", place.location]) | some place in lib.dependency_places]),
	"expected": sort(allowed),
}]
