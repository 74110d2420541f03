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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace is readable, else the workspace unknown. (An ok
# workspace section without a resource object gives no verdict, as before.) The mode's text is
# computed once; a non-string's text (JSON-like) never reads "identity".
verdicts(inp) := {lib.judge(
	sec, ws, ["properties.systemDatastoresAuthMode"], lower(text) == "identity",
	"System datastores use identity-based access.",
	concat("", ["systemDatastoresAuthMode is ", text, " (absent means accessKey, the service default): system datastores use the storage account key."]),
	[{"path": "properties.systemDatastoresAuthMode", "found": mode, "expected": "identity"}],
)} if {
	sec := inp.workspace
	sec.status == "ok"
	ws := sec.resource
	is_object(ws)
	mode := object.get(ws, ["properties", "systemDatastoresAuthMode"], null)
	text := lib.text(mode)
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))
