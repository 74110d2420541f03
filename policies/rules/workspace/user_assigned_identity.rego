# METADATA
# title: Workspace uses a user-assigned managed identity
# description: >-
#   A user-assigned identity is managed separately from the workspace, so its access to storage,
#   key vault and registry can be granted before creation, reviewed and revoked independently, and
#   survives the workspace. Passes when primaryUserAssignedIdentity is set, as in the Azure Policy
#   built-in; absent means the service default, a system-assigned identity, which fails.
# custom:
#   id: AML-IAM-001
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(d)", "164.308(a)(4)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Assign a user-assigned managed identity to the workspace and make it the primary identity.
#     cli: az ml workspace update --name <workspace> --resource-group <rg> --primary-user-assigned-identity <uai-id>
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         identity: { type: 'UserAssigned', userAssignedIdentities: { '${uai.id}': {} } }
#         properties: { primaryUserAssignedIdentity: uai.id }
#       }
#   references:
#     azure_policy: ["5f0c7d88-c7de-45b8-ac49-db49e72eaa78"]
#     psrule: ["Azure.ML.UserManagedIdentity"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication"]
package amlscan.rules.workspace.user_assigned_identity

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.could_not_resolve(ws, paths, evidence) if lib.unresolved(input.workspace, paths)

results contains lib.pass(
	ws,
	"The workspace's primary identity is user-assigned.",
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	user_assigned
}

results contains lib.fail(
	ws,
	"No primaryUserAssignedIdentity: the workspace uses a system-assigned identity (service default).",
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	not user_assigned
}

ws := lib.workspace

identity := object.get(ws, ["properties", "primaryUserAssignedIdentity"], null)

paths := ["properties.primaryUserAssignedIdentity"]

evidence := [{"path": "properties.primaryUserAssignedIdentity", "found": identity, "expected": "a user-assigned identity id"}]

user_assigned if lib.nonempty(identity)
