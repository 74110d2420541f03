# METADATA
# title: The vault holding the workspace's customer-managed key is protected against purge
# description: >-
#   If the key vault or the key that encrypts the workspace is deleted and purged, the workspace
#   data it protects is lost for good. The vault named in encryption.keyVaultProperties.keyVaultArmId
#   must have soft delete and purge protection on. An absent enableSoftDelete means the current
#   service default (on); an absent enablePurgeProtection means off, which fails, as in the Azure
#   Policy built-in "Key vaults should have deletion protection enabled". Workspaces without a
#   customer-managed key give no result (see AML-ENC-001).
# custom:
#   id: AML-ENC-002
#   severity: high
#   resource_type: Microsoft.KeyVault/vaults
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)", "164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#     gdpr: ["32(1)(a)", "32(1)(c)"]
#   remediation:
#     text: Turn on purge protection on the key vault that holds the workspace key (it cannot be turned off again).
#     cli: az keyvault update --name <cmk-vault> --enable-purge-protection true
#     bicep: |-
#       resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
#         properties: { enableSoftDelete: true, enablePurgeProtection: true }
#       }
#   references:
#     azure_policy: ["0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"]
#     psrule: ["Azure.KeyVault.PurgeProtect"]
#     checkov: ["CKV_AZURE_110"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys"]
package amlscan.rules.workspace.cmk_key_vault_purge_protection

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.cmk_key_vault

results contains lib.could_not_resolve(vault, paths, evidence) if lib.unresolved(input.cmk_key_vault, paths)

results contains lib.pass(
	vault,
	"Soft delete and purge protection are on for the vault holding the workspace key.",
	evidence,
) if {
	not lib.unresolved(input.cmk_key_vault, paths)
	protected
}

results contains lib.fail(
	vault,
	"The vault holding the workspace key can be purged: purge protection is off or absent (service default: off), or soft delete is off.",
	evidence,
) if {
	not lib.unresolved(input.cmk_key_vault, paths)
	not protected
}

vault := lib.resource(input.cmk_key_vault)

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
