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
package amlscan.rules.workspace_user_assigned_identity

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace is readable, else the workspace unknown. (An ok
# workspace section without a resource object gives no verdict, as before.) Good: a non-blank string.
verdicts(inp) := {lib.judge(
	sec, ws, ["properties.primaryUserAssignedIdentity"], count({1 | is_string(uai); trim_space(uai) != ""}) == 1,
	"The workspace's primary identity is user-assigned.",
	"No primaryUserAssignedIdentity: the workspace uses a system-assigned identity (service default).",
	[{"path": "properties.primaryUserAssignedIdentity", "found": uai, "expected": "a user-assigned identity id"}],
)} if {
	sec := inp.workspace
	sec.status == "ok"
	ws := sec.resource
	is_object(ws)
	uai := object.get(ws, ["properties", "primaryUserAssignedIdentity"], null)
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))
