# METADATA
# title: Azure ML registry replicates only to allowed regions
# description: >-
#   A registry copies every model, environment and component it holds to each of its regions
#   (properties.regionDetails), with a storage account and container registry there; a model trained
#   on personal or patient data goes wherever the registry replicates. The registry's location and
#   every replication region must be listed in the allowed_regions parameter (default: the EU/EEA
#   regions), as for the workspace (AML-RES-001). Regions compare case- and space-insensitively. No
#   regionDetails means the registry is only in its location. Unknown when a region cannot be read
#   and none is out of bounds, or when no allowed regions are configured. Every registry of the
#   workspace's subscription is judged (which ones a workspace uses is recorded nowhere on it).
# custom:
#   id: AML-MLR-003
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/registries
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["44", "45(1)", "46(1)"]
#   remediation:
#     text: >-
#       Replication regions cannot be removed from a registry: create a registry whose regions are all allowed,
#       share the assets into it, and delete the old one. Enforce the regions with the built-in Allowed
#       locations policy.
#     cli: az ml registry create --file registry.yml --resource-group <rg>
#     bicep: |-
#       resource registry 'Microsoft.MachineLearningServices/registries@2025-12-01' = {
#         location: 'westeurope'
#         properties: { regionDetails: [ { location: 'westeurope' }, { location: 'northeurope' } ] }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-manage-registries", "https://learn.microsoft.com/privacy/eudb/eu-data-boundary-learn"]
package amlscan.rules.mlregistry.allowed_regions

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.ml_registries_unknown

results contains lib.unknown(
	registry,
	"No allowed regions are configured (parameter allowed_regions is empty).",
	[],
) if {
	count(allowed) == 0
	some [_, registry, _] in lib.ml_registry_items
}

results contains lib.fail(
	registry,
	concat("", ["The registry is in regions outside the allowed ones: ", concat(", ", outside), "."]),
	evidence(regions),
) if {
	count(allowed) > 0
	some [_, registry, body] in lib.ml_registry_items
	regions := placed(body)
	outside := sort({region | some region in regions; is_string(region); not region in allowed})
	count(outside) > 0
}

results contains lib.unknown(
	registry,
	"The registry's regions could not all be read (unresolved, or not a region name); none read is outside the allowed ones.",
	evidence(regions),
) if {
	count(allowed) > 0
	some [i, registry, body] in lib.ml_registry_items
	regions := placed(body)
	not outside_any(regions)
	unreadable(i, regions)
}

results contains lib.pass(
	registry,
	concat("", ["The registry is only in allowed regions: ", concat(", ", sort({r | some r in regions})), "."]),
	evidence(regions),
) if {
	count(allowed) > 0
	some [i, registry, body] in lib.ml_registry_items
	regions := placed(body)
	not outside_any(regions)
	not unreadable(i, regions)
}

allowed contains lower(replace(region, " ", "")) if some region in lib.params.allowed_regions

# The registry's location, then the location of each region it replicates to, normalised (null
# where a location is not a string).
placed(body) := array.concat(
	[region(object.get(body, "location", null))],
	[region(lib.field(detail, "location", null)) | some detail in lib.arr(object.get(body, ["properties", "regionDetails"], []))],
)

region(location) := lower(replace(location, " ", "")) if is_string(location)

else := null

outside_any(regions) if {
	some region in regions
	is_string(region)
	not region in allowed
}

unreadable(_, regions) if null in regions

unreadable(i, _) if lib.ml_registry_unresolved(i, ["location"])

unreadable(i, _) if {
	some path in lib.arr(lib.field(lib.ml_registries, "unresolved", []))
	is_string(path)
	startswith(path, concat("", ["items[", format_int(i, 10), "].properties.regionDetails"]))
}

evidence(regions) := [{"path": "location, properties.regionDetails[*].location", "found": regions, "expected": sort(allowed)}]
