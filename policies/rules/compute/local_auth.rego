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
package amlscan.rules.compute_local_auth

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the compute instances and clusters of an ok section, else the section's unknown.
# Each compute's setting is read once and passed down (rego-cpp memoises nothing).
verdicts(inp) := {_cla_verdict(c, object.get(c, ["properties", "disableLocalAuth"], null)) |
	is_array(sec.items)
	some c in sec.items
	kind := object.get(c, ["properties", "computeType"], null)
	is_string(kind)
	lower(kind) in {"computeinstance", "amlcompute"}
} if {
	sec := inp.computes
	sec.status == "ok"
} else := {lib.items_unknown(inp, "computes", lib.compute_type)}

_cla_verdict(c, disabled) := lib.pass(c, "Local authentication is disabled.", [{"path": "properties.disableLocalAuth", "found": true, "expected": true}]) if {
	disabled == true
} else := lib.fail(c, "Local authentication is enabled (disableLocalAuth is false or absent: the service default).", [{"path": "properties.disableLocalAuth", "found": disabled, "expected": true}])
