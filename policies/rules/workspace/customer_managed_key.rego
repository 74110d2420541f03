# METADATA
# title: Workspace data is encrypted with a customer-managed key
# description: >-
#   With a customer-managed key (CMK) the organisation, not Microsoft, controls the key that
#   protects the workspace's metadata, run history and the service-side copies of its data, and can
#   revoke access by disabling the key. Absent encryption settings mean the service default,
#   Microsoft-managed keys, which fails. Passes only when encryption.status is Enabled and a key
#   identifier is set.
# custom:
#   id: AML-ENC-001
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["32(1)(a)", "25(1)"]
#   remediation:
#     text: >-
#       Customer-managed keys can only be set when the workspace is created: create a new workspace
#       with a key from a purge-protected key vault and move the assets across.
#     cli: az ml workspace create --name <workspace> --resource-group <rg> --customer-managed-key <key-uri> --primary-user-assigned-identity <uai-id>
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: {
#           encryption: {
#             status: 'Enabled'
#             keyVaultProperties: { keyVaultArmId: vault.id, keyIdentifier: key.properties.keyUriWithVersion }
#           }
#         }
#       }
#   references:
#     azure_policy: ["ba769a63-b8cc-4b2d-abf6-ac33c7204be8", "7f40cee6-e933-4d0f-a782-b96615e0f4a6"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys"]
package amlscan.rules.workspace_customer_managed_key

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace is readable, else the workspace unknown. (An ok
# workspace section without a resource object gives no verdict, as before.)
verdicts(inp) := {_cmk_verdict(sec, ws, enc, status, key, [
	{"path": "properties.encryption.status", "found": status, "expected": "Enabled"},
	{"path": "properties.encryption.keyVaultProperties.keyIdentifier", "found": key, "expected": "a Key Vault key URI"},
])} if {
	sec := inp.workspace
	sec.status == "ok"
	ws := sec.resource
	is_object(ws)
	enc := object.get(ws, ["properties", "encryption"], null)
	status := object.get(ws, ["properties", "encryption", "status"], null)
	key := object.get(ws, ["properties", "encryption", "keyVaultProperties", "keyIdentifier"], null)
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"

_cmk_verdict(sec, ws, enc, status, key, ev) := {
	"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "The encryption settings could not be resolved.",
} if {
	some path in sec.unresolved
	path in {"properties.encryption.status", "properties.encryption.keyVaultProperties.keyIdentifier"}
} else := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "Encryption uses a customer-managed key.",
} if {
	is_string(status)
	lower(status) == "enabled"
	is_string(key)
	key != ""
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "No encryption settings: the workspace uses Microsoft-managed keys (service default).",
} if {
	is_null(enc)
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "encryption.status is Enabled but no key identifier is set.",
} if {
	is_string(status)
	lower(status) == "enabled"
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": sprintf("encryption.status is %v: the workspace uses Microsoft-managed keys.", [status]),
}
