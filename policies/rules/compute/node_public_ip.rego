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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the compute instances and clusters of an ok section, else the section's unknown.
# Each compute's setting is read once and passed down (rego-cpp memoises nothing).
verdicts(inp) := {_npip_verdict(c, object.get(c, ["properties", "properties", "enableNodePublicIp"], null)) |
	is_array(sec.items)
	some c in sec.items
	kind := object.get(c, ["properties", "computeType"], null)
	is_string(kind)
	lower(kind) in {"computeinstance", "amlcompute"}
} if {
	sec := inp.computes
	sec.status == "ok"
} else := {lib.items_unknown(inp, "computes", lib.compute_type)}

_npip_verdict(c, public_ip) := lib.pass(c, "Nodes have no public IP.", [{"path": "properties.properties.enableNodePublicIp", "found": false, "expected": false}]) if {
	public_ip == false
} else := lib.fail(c, "Nodes get a public IP (enableNodePublicIp is true or absent: the service default).", [{"path": "properties.properties.enableNodePublicIp", "found": public_ip, "expected": false}])
