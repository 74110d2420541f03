# METADATA
# title: Workspace system datastores use identity-based access
# description: >-
#   systemDatastoresAuthMode decides how the workspace's own datastores (workspaceblobstore and
#   friends) reach the storage account: with the storage account key stored in the workspace's key
#   vault (accessKey, the service default when absent), or with Microsoft Entra identities
#   (identity), which are individually authorised and audited. Only identity passes. No Azure Policy
#   built-in covers the property (api-version 2025-06-01 and later).
# custom:
#   id: AML-IAM-002
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(d)", "164.312(a)(2)(i)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Set systemDatastoresAuthMode to identity and grant the workspace identity and users data roles on the storage account.
#     cli: az ml workspace update --name <workspace> --resource-group <rg> --system-datastores-auth-mode identity
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { systemDatastoresAuthMode: 'identity' }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage"]
package amlscan.rules.workspace_system_datastores_auth

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(inp.workspace, ws)} if ws := lib.resource(inp.workspace)

_path := "properties.systemDatastoresAuthMode"

_value(ws) := lib.prop(ws, ["properties", "systemDatastoresAuthMode"])

_verdict(sec, ws) := lib.judge(
	sec, ws, [_path], _good(ws),
	"System datastores use identity-based access.",
	concat("", ["systemDatastoresAuthMode is ", lib.text(_value(ws)), " (absent means accessKey, the service default): system datastores use the storage account key."]),
	[lib.evidence(_path, _value(ws), "identity")],
)

_good(ws) := true if lib.eq_ci(_value(ws), "identity") else := false
