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
package amlscan.rules.workspace_public_access_behind_vnet

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace is readable, else the workspace unknown. (An ok
# workspace section without a resource object gives no verdict, as before.)
verdicts(inp) := {lib.judge(
	sec, ws, ["properties.allowPublicAccessWhenBehindVnet"], allowed != true,
	"allowPublicAccessWhenBehindVnet is off (false or absent, the service default).",
	"allowPublicAccessWhenBehindVnet is true: the workspace accepts public traffic despite its private endpoints.",
	[{"path": "properties.allowPublicAccessWhenBehindVnet", "found": allowed, "expected": false}],
)} if {
	sec := inp.workspace
	sec.status == "ok"
	ws := sec.resource
	is_object(ws)
	allowed := object.get(ws, ["properties", "allowPublicAccessWhenBehindVnet"], null)
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"
