# METADATA
# title: Compute local authentication is disabled
# description: >-
#   With local authentication on, a compute instance or cluster accepts SSH keys and passwords that
#   live outside Microsoft Entra ID and are neither centrally revoked nor individually audited.
#   Applies to compute instances and compute clusters, as the Azure Policy built-in does; it fails
#   unless disableLocalAuth is true (absent means the service default, local auth enabled). Other
#   compute types (attached Kubernetes, Synapse, ...) are not judged.
# custom:
#   id: AML-CMP-001
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces/computes
#   frameworks:
#     hipaa: ["164.312(a)(2)(i)", "164.312(d)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Recreate the compute with local authentication disabled (disableLocalAuth true); it cannot be changed on an existing compute.
#     cli: az ml compute create --name <compute> --type AmlCompute --workspace-name <workspace> --resource-group <rg> --disable-local-auth true
#     bicep: |-
#       resource compute 'Microsoft.MachineLearningServices/workspaces/computes@2025-12-01' = {
#         properties: { computeType: 'AmlCompute', disableLocalAuth: true }
#       }
#   references:
#     azure_policy: ["e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f"]
#     psrule: ["Azure.ML.DisableLocalAuth"]
#     checkov: ["CKV_AZURE_142"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy#disable-local-authentication"]
package amlscan.rules.compute.local_auth

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.computes

results contains lib.could_not_resolve(compute, ["properties.computeType"], lib.kind_evidence(compute, "ComputeInstance or AmlCompute")) if some compute in lib.unresolved_kind_computes

results contains lib.could_not_resolve(compute, paths, evidence(compute)) if {
	some compute in judged
	lib.item_unresolved(input.computes, compute, paths)
}

results contains lib.pass(compute, "Local authentication is disabled.", evidence(compute)) if {
	some compute in judged
	not lib.item_unresolved(input.computes, compute, paths)
	disabled(compute) == true
}

results contains lib.fail(
	compute,
	"Local authentication is enabled (disableLocalAuth is false or absent: the service default).",
	evidence(compute),
) if {
	some compute in judged
	not lib.item_unresolved(input.computes, compute, paths)
	disabled(compute) != true
}

# Compute instances and clusters.
judged contains compute if {
	some compute in lib.items(input.computes)
	lib.compute_kind(compute) in {"computeinstance", "amlcompute"}
}

paths := ["properties.disableLocalAuth"]

disabled(compute) := object.get(compute, ["properties", "disableLocalAuth"], null)

evidence(compute) := [{"path": "properties.disableLocalAuth", "found": disabled(compute), "expected": true}]
