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
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link"]
package amlscan.rules.workspace_public_access_behind_vnet

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(inp.workspace, ws)} if ws := lib.resource(inp.workspace)

_path := "properties.allowPublicAccessWhenBehindVnet"

_verdict(sec, ws) := lib.judge(
	sec, ws, [_path], _good(ws),
	"allowPublicAccessWhenBehindVnet is off (false or absent, the service default).",
	"allowPublicAccessWhenBehindVnet is true: the workspace accepts public traffic despite its private endpoints.",
	[lib.evidence(_path, lib.prop(ws, ["properties", "allowPublicAccessWhenBehindVnet"]), false)],
)

_good(ws) := false if lib.prop(ws, ["properties", "allowPublicAccessWhenBehindVnet"]) == true else := true
