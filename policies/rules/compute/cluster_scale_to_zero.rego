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
package amlscan.rules.compute_cluster_scale_to_zero

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the clusters of an ok section, else the section's unknown. Each node count is read
# once and passed down (rego-cpp memoises nothing).
verdicts(inp) := {_cstz_verdict(c, n, [{"path": "properties.properties.scaleSettings.minNodeCount", "found": n, "expected": 0}]) |
	is_array(sec.items)
	some c in sec.items
	kind := object.get(c, ["properties", "computeType"], null)
	is_string(kind)
	lower(kind) == "amlcompute"
	n := object.get(c, ["properties", "properties", "scaleSettings", "minNodeCount"], null)
} if {
	sec := inp.computes
	sec.status == "ok"
} else := {lib.items_unknown(inp, "computes", lib.compute_type)}

# Absent (null) or 0 passes. (Separate branches: rego-cpp 1.5.2 turns a comparison nested in a
# term of a body, as in `true in [n == null, n == 0]`, into a condition.)
_cstz_verdict(c, n, ev) := lib.pass(c, "The cluster scales down to zero nodes (minNodeCount 0 or absent: the service default).", ev) if {
	n == null
} else := lib.pass(c, "The cluster scales down to zero nodes (minNodeCount 0 or absent: the service default).", ev) if {
	n == 0
} else := lib.fail(c, concat("", ["The cluster keeps ", lib.text(n), " node(s) running when idle."]), ev)
