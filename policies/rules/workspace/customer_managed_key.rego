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
#     hipaa: ["164.312(a)(2)(iv)", "164.312(e)(2)(ii)"]
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
#     psrule: ["Azure.ML.CMK"]
#     checkov: ["CKV_AZURE_144"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys"]
package amlscan.rules.workspace_customer_managed_key

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(inp.workspace, ws)} if ws := lib.resource(inp.workspace)

_status_path := "properties.encryption.status"

_key_path := "properties.encryption.keyVaultProperties.keyIdentifier"

_verdict(section, ws) := lib.unknown(ws.id, ws.type, "The encryption settings could not be resolved.", _evidence(ws)) if {
	_unresolved(section)
}

_verdict(section, ws) := lib.pass(ws, "Encryption uses a customer-managed key.", _evidence(ws)) if {
	not _unresolved(section)
	_cmk(ws)
}

_verdict(section, ws) := lib.fail(ws, _fail_message(ws), _evidence(ws)) if {
	not _unresolved(section)
	not _cmk(ws)
}

_unresolved(section) if lib.unresolved(section, _status_path)

_unresolved(section) if lib.unresolved(section, _key_path)

_cmk(ws) if {
	lib.eq_ci(lib.prop(ws, ["properties", "encryption", "status"]), "Enabled")
	key := lib.prop(ws, ["properties", "encryption", "keyVaultProperties", "keyIdentifier"])
	is_string(key)
	key != ""
}

_evidence(ws) := [
	lib.evidence(_status_path, lib.prop(ws, ["properties", "encryption", "status"]), "Enabled"),
	lib.evidence(_key_path, lib.prop(ws, ["properties", "encryption", "keyVaultProperties", "keyIdentifier"]), "a Key Vault key URI"),
]

_fail_message(ws) := "No encryption settings: the workspace uses Microsoft-managed keys (service default)." if {
	is_null(lib.prop(ws, ["properties", "encryption"]))
}

_fail_message(ws) := "encryption.status is Enabled but no key identifier is set." if {
	lib.eq_ci(lib.prop(ws, ["properties", "encryption", "status"]), "Enabled")
}

_fail_message(ws) := sprintf("encryption.status is %v: the workspace uses Microsoft-managed keys.", [lib.prop(ws, ["properties", "encryption", "status"])]) if {
	not is_null(lib.prop(ws, ["properties", "encryption"]))
	not lib.eq_ci(lib.prop(ws, ["properties", "encryption", "status"]), "Enabled")
}
