# METADATA
# title: Workspace key vault has soft delete and purge protection
# description: >-
#   The workspace key vault holds the secrets the workspace runs on (datastore credentials, connection keys).
#   Soft delete keeps deleted secrets recoverable and purge protection stops anyone from destroying them
#   for good during the retention period. Passes when enableSoftDelete is not false (absent means the current
#   service default, on) and enablePurgeProtection is true (absent means off and fails), as in the Azure
#   Policy built-in.
# custom:
#   id: AML-KV-001
#   severity: medium
#   resource_type: Microsoft.KeyVault/vaults
#   frameworks:
#     hipaa: [164.308(a)(7)(ii)(A), 164.312(c)(1)]
#     gdpr: [32(1)(b), 32(1)(c)]
#   remediation:
#     text: Turn on purge protection on the workspace key vault (it cannot be turned off again).
#     cli: az keyvault update --name <vault> --enable-purge-protection true
#     bicep: |-
#       resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
#         properties: { enableSoftDelete: true, enablePurgeProtection: true }
#       }
#   references:
#     azure_policy: [0b60c0b2-2dc2-4e1c-b5c9-abbed971de53, 1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d]
#     psrule: [Azure.KeyVault.SoftDelete, Azure.KeyVault.PurgeProtect]
#     checkov: [CKV_AZURE_42, CKV_AZURE_110, CKV_AZURE_111]
#     docs: ['https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview']
package amlscan.rules.keyvault.deletion_protection

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.key_vault

results contains lib.could_not_resolve(vault, paths, evidence) if lib.unresolved(input.key_vault, paths)

results contains lib.pass(
	vault,
	"Soft delete and purge protection are on.",
	evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	protected
}

results contains lib.fail(
	vault,
	"The key vault can be purged: purge protection is off or absent (service default: off), or soft delete is off.",
	evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	not protected
}

vault := lib.resource(input.key_vault)

soft_delete := object.get(vault, ["properties", "enableSoftDelete"], null)

purge_protection := object.get(vault, ["properties", "enablePurgeProtection"], null)

paths := ["properties.enableSoftDelete", "properties.enablePurgeProtection"]

evidence := [
	{"path": "properties.enableSoftDelete", "found": soft_delete, "expected": true},
	{"path": "properties.enablePurgeProtection", "found": purge_protection, "expected": true},
]

# Soft delete not off (absent means on) and purge protection on.
protected if {
	soft_delete != false
	purge_protection == true
}
