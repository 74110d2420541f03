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
package amlscan.rules.compute.node_public_ip

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.computes

results contains lib.pass(compute, "Nodes have no public IP.", [{"path": "properties.properties.enableNodePublicIp", "found": false, "expected": false}]) if {
	some compute in judged
	compute.properties.properties.enableNodePublicIp == false
}

results contains lib.fail(
	compute,
	"Nodes get a public IP (enableNodePublicIp is true or absent: the service default).",
	[{"path": "properties.properties.enableNodePublicIp", "found": public_ip, "expected": false}],
) if {
	some compute in judged
	public_ip := object.get(compute, ["properties", "properties", "enableNodePublicIp"], null)
	public_ip != false
}

# Compute instances and clusters.
judged contains compute if {
	some compute in lib.items(input.computes)
	lib.compute_kind(compute) in {"computeinstance", "amlcompute"}
}
