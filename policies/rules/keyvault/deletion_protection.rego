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
package amlscan.rules.keyvault_deletion_protection

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition in the lib.judge shape: the properties read once, the judgement inline.
verdicts(inp) := {lib.judge(
	sec, r, ["properties.enableSoftDelete", "properties.enablePurgeProtection"], [soft != false, purge == true] == [true, true],
	"Soft delete and purge protection are on.",
	"The key vault can be purged: purge protection is off or absent (service default: off), or soft delete is off.",
	[
		{"path": "properties.enableSoftDelete", "found": soft, "expected": true},
		{"path": "properties.enablePurgeProtection", "found": purge, "expected": true},
	],
)} if {
	sec := inp.key_vault
	sec.status == "ok"
	r := sec.resource
	is_object(r)
	soft := object.get(r, ["properties", "enableSoftDelete"], null)
	purge := object.get(r, ["properties", "enablePurgeProtection"], null)
} else := lib.assoc_verdicts(inp, "key_vault", "Microsoft.KeyVault/vaults")
