# METADATA
# title: Workspace does not allow public access when behind a virtual network
# description: >-
#   allowPublicAccessWhenBehindVnet re-opens a private-link workspace to the public internet. An
#   absent value means the service default, false, which passes; only an explicit true fails. No
#   Azure Policy built-in covers this property.
# custom:
#   id: AML-NET-002
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: Set allowPublicAccessWhenBehindVnet to false so the workspace is reachable only through its private endpoints.
#     cli: az ml workspace update --name <workspace> --resource-group <rg> --allow-public-access-when-behind-vnet false
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { allowPublicAccessWhenBehindVnet: false }
#       }
#   references:
#     psrule: ["Azure.ML.PublicAccess"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link"]
package amlscan.rules.workspace.public_access_behind_vnet

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.could_not_resolve(ws, paths, evidence) if lib.unresolved(input.workspace, paths)

results contains lib.pass(
	ws,
	"allowPublicAccessWhenBehindVnet is off (false or absent, the service default).",
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	closed
}

results contains lib.fail(
	ws,
	"allowPublicAccessWhenBehindVnet is true: the workspace accepts public traffic despite its private endpoints.",
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	not closed
}

ws := lib.workspace

allowed := object.get(ws, ["properties", "allowPublicAccessWhenBehindVnet"], null)

paths := ["properties.allowPublicAccessWhenBehindVnet"]

evidence := [{"path": "properties.allowPublicAccessWhenBehindVnet", "found": allowed, "expected": false}]

closed if allowed != true
