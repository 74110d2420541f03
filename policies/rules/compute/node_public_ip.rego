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

results contains lib.could_not_resolve(compute, ["properties.computeType"], lib.kind_evidence(compute, "ComputeInstance or AmlCompute")) if some compute in lib.unresolved_kind_computes

results contains lib.could_not_resolve(compute, paths, evidence(compute)) if {
	some compute in judged
	lib.item_unresolved(input.computes, compute, paths)
}

results contains lib.pass(compute, "Nodes have no public IP.", evidence(compute)) if {
	some compute in judged
	not lib.item_unresolved(input.computes, compute, paths)
	public_ip(compute) == false
}

results contains lib.fail(
	compute,
	"Nodes get a public IP (enableNodePublicIp is true or absent: the service default).",
	evidence(compute),
) if {
	some compute in judged
	not lib.item_unresolved(input.computes, compute, paths)
	public_ip(compute) != false
}

# Compute instances and clusters.
judged contains compute if {
	some compute in lib.items(input.computes)
	lib.compute_kind(compute) in {"computeinstance", "amlcompute"}
}

paths := ["properties.properties.enableNodePublicIp"]

public_ip(compute) := object.get(compute, ["properties", "properties", "enableNodePublicIp"], null)

evidence(compute) := [{"path": "properties.properties.enableNodePublicIp", "found": public_ip(compute), "expected": false}]
