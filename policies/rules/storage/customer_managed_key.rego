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
package amlscan.rules.storage.customer_managed_key

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.storage_account, paths)

results contains lib.pass(
	account,
	"The storage account is encrypted with a customer-managed key.",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	customer_key
}

results contains lib.fail(
	account,
	concat("", [
		"encryption.keySource is ", lib.text(key_source),
		" (absent means Microsoft.Storage): data is encrypted with Microsoft-managed keys.",
	]),
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	not customer_key
}

account := lib.resource(input.storage_account)

key_source := object.get(account, ["properties", "encryption", "keySource"], null)

paths := ["properties.encryption.keySource"]

evidence := [{"path": "properties.encryption.keySource", "found": key_source, "expected": "Microsoft.Keyvault"}]

customer_key if lib.eq_ci(key_source, "Microsoft.Keyvault")
