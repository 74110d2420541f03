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
package amlscan.rules.workspace_cmk_key_vault_purge_protection

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

_type := "Microsoft.KeyVault/vaults"

# One definition: the judgement when the key's vault is there, else nothing (no customer-managed
# key) or the section's unknown. Good: soft delete not off (absent means on) and purge protection on.
verdicts(inp) := {lib.judge(
	sec, kv, ["properties.enableSoftDelete", "properties.enablePurgeProtection"], count({1 | soft != false; purge == true}) == 1,
	"Soft delete and purge protection are on for the vault holding the workspace key.",
	"The vault holding the workspace key can be purged: purge protection is off or absent (service default: off), or soft delete is off.",
	[
		{"path": "properties.enableSoftDelete", "found": soft, "expected": true},
		{"path": "properties.enablePurgeProtection", "found": purge, "expected": true},
	],
)} if {
	sec := inp.cmk_key_vault
	sec.status == "ok"
	kv := sec.resource
	is_object(kv)
	soft := object.get(kv, ["properties", "enableSoftDelete"], null)
	purge := object.get(kv, ["properties", "enablePurgeProtection"], null)
} else := lib.assoc_verdicts(inp, "cmk_key_vault", _type)
