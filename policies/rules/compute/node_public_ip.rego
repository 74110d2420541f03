# METADATA
# title: Compute nodes have no public IP address
# description: >-
#   A public IP on compute nodes makes them reachable from the internet and lets them send data out
#   directly. Compute instances and clusters pass only with enableNodePublicIp false; absent means
#   the service default, true, which fails. No Azure Policy built-in covers it.
# custom:
#   id: AML-CMP-002
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces/computes
#   frameworks:
#     hipaa: ["164.312(e)(1)", "164.312(a)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: Recreate the compute in a virtual network (or a managed network) with no public IP.
#     cli: az ml compute create --name <compute> --type AmlCompute --workspace-name <workspace> --resource-group <rg> --enable-node-public-ip false
#     bicep: |-
#       resource compute 'Microsoft.MachineLearningServices/workspaces/computes@2025-12-01' = {
#         properties: { computeType: 'AmlCompute', properties: { enableNodePublicIp: false } }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet"]
package amlscan.rules.compute_node_public_ip

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.list_unknown(inp, "computes", lib.compute_type)} if not lib.ok(lib.section(inp, "computes"))

verdicts(inp) := {_verdict1(c) |
	some c in lib.items(lib.section(inp, "computes"))
	_judged(c)
} if lib.ok(lib.section(inp, "computes"))

_judged(c) if lib.compute_is(c, "ComputeInstance")

_judged(c) if lib.compute_is(c, "AmlCompute")

_path := "properties.properties.enableNodePublicIp"

_verdict1(c) := lib.pass(c, "Nodes have no public IP.", [lib.evidence(_path, false, false)]) if lib.cprop(c, ["enableNodePublicIp"]) == false

_verdict1(c) := lib.fail(c, "Nodes get a public IP (enableNodePublicIp is true or absent: the service default).", [lib.evidence(_path, lib.cprop(c, ["enableNodePublicIp"]), false)]) if {
	lib.cprop(c, ["enableNodePublicIp"]) != false
}
