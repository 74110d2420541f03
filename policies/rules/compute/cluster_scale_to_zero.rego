# METADATA
# title: Compute cluster scales down to zero nodes
# description: >-
#   Nodes kept running between jobs keep job data on their disks and stay exposed for longer than
#   needed (and cost money). Compute clusters pass when scaleSettings.minNodeCount is 0; absent means
#   the service default, 0, which passes.
# custom:
#   id: AML-CMP-007
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces/computes
#   frameworks:
#     hipaa: ["164.312(a)(2)(iii)"]
#     gdpr: ["5(1)(e)", "25(2)"]
#   remediation:
#     text: Set the cluster's minimum node count to 0.
#     cli: az ml compute update --name <compute> --workspace-name <workspace> --resource-group <rg> --min-instances 0
#     bicep: |-
#       resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2025-12-01' = {
#         properties: { computeType: 'AmlCompute', properties: { scaleSettings: { minNodeCount: 0, maxNodeCount: 4 } } }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-create-attach-compute-cluster"]
package amlscan.rules.compute_cluster_scale_to_zero

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.list_unknown(inp, "computes", lib.compute_type)} if not lib.ok(lib.section(inp, "computes"))

verdicts(inp) := {_cstz_verdict(c, lib.cprop(c, ["scaleSettings", "minNodeCount"])) |
	some c in lib.items(lib.section(inp, "computes"))
	lib.compute_is(c, "AmlCompute")
} if lib.ok(lib.section(inp, "computes"))

_path := "properties.properties.scaleSettings.minNodeCount"

# The node count is read once and passed down (rego-cpp does not memoise functions).
_cstz_verdict(c, n) := lib.pass(c, "The cluster scales down to zero nodes (minNodeCount 0 or absent: the service default).", [lib.evidence(_path, n, 0)]) if {
	_zero(n)
} else := lib.fail(c, concat("", ["The cluster keeps ", lib.text(n), " node(s) running when idle."]), [lib.evidence(_path, n, 0)])

_zero(n) if n == null

_zero(n) if n == 0
