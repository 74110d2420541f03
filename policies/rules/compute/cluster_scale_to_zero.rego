# METADATA
# title: Compute cluster scales down to zero nodes
# description: >-
#   Nodes kept running between jobs keep job data on their disks and stay exposed for longer than
#   needed (and cost money), and they keep the OS image they started with: Azure Machine Learning
#   moves a cluster to the latest, patched VM image when it scales down to zero nodes. Compute
#   clusters pass when scaleSettings.minNodeCount is 0; absent means the service default, 0, which
#   passes.
# custom:
#   id: AML-CMP-007
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces/computes
#   frameworks:
#     hipaa: ["164.308(a)(5)(ii)(B)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Set the cluster's minimum node count to 0.
#     cli: az ml compute update --name <compute> --workspace-name <workspace> --resource-group <rg> --min-instances 0
#     bicep: |-
#       resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2025-12-01' = {
#         properties: { computeType: 'AmlCompute', properties: { scaleSettings: { minNodeCount: 0, maxNodeCount: 4 } } }
#       }
#   references:
#     checkov: ["CKV_AZURE_150"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-create-attach-compute-cluster", "https://learn.microsoft.com/azure/machine-learning/concept-vulnerability-management"]
package amlscan.rules.compute.cluster_scale_to_zero

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.computes

results contains lib.could_not_resolve(compute, ["properties.computeType"], lib.kind_evidence(compute, "AmlCompute")) if some compute in lib.unresolved_kind_computes

results contains lib.could_not_resolve(cluster, paths, evidence(cluster)) if {
	some cluster in clusters
	lib.item_unresolved(input.computes, cluster, paths)
}

results contains lib.pass(
	cluster,
	"The cluster scales down to zero nodes (minNodeCount 0 or absent: the service default).",
	evidence(cluster),
) if {
	some cluster in clusters
	not lib.item_unresolved(input.computes, cluster, paths)
	scales_to_zero(min_nodes(cluster))
}

results contains lib.fail(
	cluster,
	concat("", ["The cluster keeps ", lib.text(min_nodes(cluster)), " node(s) running when idle."]),
	evidence(cluster),
) if {
	some cluster in clusters
	not lib.item_unresolved(input.computes, cluster, paths)
	not scales_to_zero(min_nodes(cluster))
}

clusters contains compute if {
	some compute in lib.items(input.computes)
	lib.compute_kind(compute) == "amlcompute"
}

paths := ["properties.properties.scaleSettings.minNodeCount"]

min_nodes(cluster) := object.get(cluster, ["properties", "properties", "scaleSettings", "minNodeCount"], null)

# Absent (null) or 0.
scales_to_zero(null)

scales_to_zero(0)

evidence(cluster) := [{"path": "properties.properties.scaleSettings.minNodeCount", "found": min_nodes(cluster), "expected": 0}]
