# METADATA
# title: Storage account is encrypted with a customer-managed key
# description: >-
#   With a customer-managed key the organisation controls, rotates and can revoke the key protecting the
#   training data at rest. encryption.keySource must be Microsoft.Keyvault; absent means the service default,
#   Microsoft.Storage (Microsoft-managed keys), which fails, as in the Azure Policy built-in.
# custom:
#   id: AML-STG-006
#   severity: high
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: [164.312(a)(2)(iv)]
#     gdpr: [32(1)(a)]
#   remediation:
#     text: Configure the storage account to encrypt with a key from a purge-protected key vault.
#     cli: >-
#       az storage account update --name <storage> --resource-group <rg> --encryption-key-source Microsoft.Keyvault
#       --encryption-key-vault <vault-uri> --encryption-key-name <key> --key-vault-user-identity-id <uai-id>
#       --identity-type UserAssigned --user-identity-id <uai-id>
#     bicep: |-
#       resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
#         properties: { encryption: { keySource: 'Microsoft.Keyvault', keyvaultproperties: { keyname: key.name, keyvaulturi: vault.properties.vaultUri } } }
#       }
#   references:
#     azure_policy: [6fac406b-40ca-413b-bf8e-0bf964659c25]
#     checkov: [CKV2_AZURE_1]
#     docs: ['https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview']
package amlscan.rules.storage_customer_managed_key

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition in the lib.judge shape: the properties read once, the judgement inline.
verdicts(inp) := {lib.judge(
	sec, r, ["properties.encryption.keySource"], lower(lib.text(key)) == "microsoft.keyvault",
	"The storage account is encrypted with a customer-managed key.",
	concat("", ["encryption.keySource is ", lib.text(key), " (absent means Microsoft.Storage): data is encrypted with Microsoft-managed keys."]),
	[{"path": "properties.encryption.keySource", "found": key, "expected": "Microsoft.Keyvault"}],
)} if {
	sec := inp.storage_account
	sec.status == "ok"
	r := sec.resource
	is_object(r)
	key := object.get(r, ["properties", "encryption", "keySource"], null)
} else := lib.assoc_verdicts(inp, "storage_account", "Microsoft.Storage/storageAccounts")
