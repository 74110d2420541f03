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
#     checkov: [CKV_AZURE_42, CKV_AZURE_110]
#     docs: ['https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview']
package amlscan.rules.keyvault_deletion_protection

import rego.v1

import data.amlscan.lib

results := verdicts(input)

_type := "Microsoft.KeyVault/vaults"

verdicts(inp) := {lib.assoc_unknown(inp, "key_vault", _type)} if not lib.ok(lib.section(inp, "key_vault"))

verdicts(inp) := set() if lib.nothing_linked(lib.section(inp, "key_vault"))

verdicts(inp) := {_verdict(sec, r)} if {
	sec := lib.section(inp, "key_vault")
	r := lib.resource(sec)
}

_verdict(sec, r) := lib.judge(
	sec, r, ["properties.enableSoftDelete", "properties.enablePurgeProtection"], _good(r),
	"Soft delete and purge protection are on.",
	"The key vault can be purged: purge protection is off or absent (service default: off), or soft delete is off.",
	[
		lib.evidence("properties.enableSoftDelete", lib.prop(r, ["properties", "enableSoftDelete"]), true),
		lib.evidence("properties.enablePurgeProtection", lib.prop(r, ["properties", "enablePurgeProtection"]), true),
	],
)

_good(r) := true if {
	lib.prop(r, ["properties", "enableSoftDelete"]) != false
	lib.prop(r, ["properties", "enablePurgeProtection"]) == true
} else := false
