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
package amlscan.rules.workspace.system_datastores_auth

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.could_not_resolve(ws, paths, evidence) if lib.unresolved(input.workspace, paths)

results contains lib.pass(
	ws,
	"System datastores use identity-based access.",
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	identity
}

results contains lib.fail(
	ws,
	concat("", [
		"systemDatastoresAuthMode is ", lib.text(mode),
		" (absent means accessKey, the service default): system datastores use the storage account key.",
	]),
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	not identity
}

ws := lib.workspace

mode := object.get(ws, ["properties", "systemDatastoresAuthMode"], null)

paths := ["properties.systemDatastoresAuthMode"]

evidence := [{"path": "properties.systemDatastoresAuthMode", "found": mode, "expected": "identity"}]

identity if lib.eq_ci(mode, "identity")
