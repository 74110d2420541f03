# METADATA
# title: Workspace data is encrypted with a customer-managed key
# description: >-
#   With a customer-managed key (CMK) the organisation, not Microsoft, controls the key that
#   protects the workspace's metadata, run history and the service-side copies of its data, and can
#   revoke access by disabling the key. Absent encryption settings mean the service default,
#   Microsoft-managed keys, which fails. Passes only when encryption.status is Enabled and a key
#   identifier is set. An Azure AI Foundry project (kind project) takes its encryption from its hub,
#   and the Azure Policy built-ins exclude projects: it is unknown here, naming its hub
#   (properties.hubResourceId), which this rule judges in its own entry.
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
package amlscan.rules.workspace.customer_managed_key

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.unknown(
	lib.workspace,
	concat("", [
		"An Azure AI Foundry project (kind project) takes its encryption from its hub (",
		lib.text(hub), "): judge the hub; Azure Policy's customer-managed key definitions exclude projects.",
	]),
	[
		{"path": "kind", "found": lib.field(lib.workspace, "kind", null), "expected": "a workspace or hub, not a project"},
		{"path": "properties.hubResourceId", "found": hub, "expected": "the hub, judged in its own entry"},
	],
) if {
	lib.project(lib.workspace)
}

results contains lib.could_not_resolve(lib.workspace, ["kind"], evidence) if {
	not lib.project(lib.workspace)
	kind_unresolved
}

results contains lib.unknown(lib.workspace, "The encryption settings could not be resolved.", evidence) if {
	not lib.project(lib.workspace)
	not kind_unresolved
	unresolved
}

results contains lib.pass(lib.workspace, "Encryption uses a customer-managed key.", evidence) if {
	not lib.project(lib.workspace)
	not unresolved
	enabled
	has_key
}

results contains lib.fail(
	lib.workspace,
	"No encryption settings: the workspace uses Microsoft-managed keys (service default).",
	evidence,
) if {
	not lib.project(lib.workspace)
	not unresolved
	is_null(encryption)
}

results contains lib.fail(lib.workspace, "encryption.status is Enabled but no key identifier is set.", evidence) if {
	not lib.project(lib.workspace)
	not unresolved
	not is_null(encryption)
	enabled
	not has_key
}

results contains lib.fail(
	lib.workspace,
	sprintf("encryption.status is %v: the workspace uses Microsoft-managed keys.", [status]),
	evidence,
) if {
	not lib.project(lib.workspace)
	not unresolved
	not is_null(encryption)
	not enabled
}

encryption := object.get(lib.workspace, ["properties", "encryption"], null)

status := object.get(lib.workspace, ["properties", "encryption", "status"], null)

key := object.get(lib.workspace, ["properties", "encryption", "keyVaultProperties", "keyIdentifier"], null)

enabled if lib.eq_ci(status, "Enabled")

has_key if {
	is_string(key)
	key != ""
}

hub := object.get(lib.workspace, ["properties", "hubResourceId"], null)

# Whether the workspace is a project decides whether the rule applies.
kind_unresolved if lib.unresolved(input.workspace, ["kind"])

unresolved if kind_unresolved

unresolved if lib.unresolved(input.workspace, [
	"properties.encryption.status",
	"properties.encryption.keyVaultProperties.keyIdentifier",
])

evidence := [
	{"path": "properties.encryption.status", "found": status, "expected": "Enabled"},
	{"path": "properties.encryption.keyVaultProperties.keyIdentifier", "found": key, "expected": "a Key Vault key URI"},
]
