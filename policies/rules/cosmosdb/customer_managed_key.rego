# METADATA
# title: Workspace Cosmos DB account is encrypted with a customer-managed key
# description: >-
#   A workspace encrypted with a customer-managed key can name its own (bring-your-own) Cosmos DB
#   account in encryption.cosmosDbResourceId; Azure Machine Learning keeps the workspace's metadata
#   there (job, run and asset records, which can hold patient-derived values). With a
#   customer-managed key the organisation controls, rotates and can revoke the key protecting it at
#   rest. The account's keyVaultKeyUri must be set; absent means the service default,
#   service-managed keys, which fails, as in the Azure Policy built-in. No result when the workspace
#   names no Cosmos DB account.
# custom:
#   id: AML-COS-001
#   severity: high
#   resource_type: Microsoft.DocumentDB/databaseAccounts
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["32(1)(a)"]
#   remediation:
#     text: >-
#       Customer-managed keys are set when a Cosmos DB account is created: create an account with keyVaultKeyUri
#       naming a key in a purge-protected vault, move the workspace's data to it, and name it in the workspace's
#       encryption settings.
#     cli: >-
#       az cosmosdb create --name <account> --resource-group <rg> --key-uri https://<vault>.vault.azure.net/keys/<key>
#       --default-identity UserAssignedIdentity=<uai-id> --assign-identity <uai-id>
#     bicep: |-
#       resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
#         properties: { keyVaultKeyUri: '${vault.properties.vaultUri}keys/${keyName}', databaseAccountOfferType: 'Standard', locations: [ { locationName: location } ] }
#       }
#   references:
#     azure_policy: ["1f905d99-2ab7-462c-a6b0-f709acca6c8f"]
#     checkov: ["CKV_AZURE_100"]
#     docs: ["https://learn.microsoft.com/azure/cosmos-db/how-to-setup-customer-managed-keys", "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys"]
package amlscan.rules.cosmosdb.customer_managed_key

import data.amlscan.lib

# The Cosmos DB account the workspace's encryption settings name (encryption_cosmos_db).

# METADATA
# entrypoint: true
results contains lib.not_collected.encryption_cosmos_db

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.encryption_cosmos_db, paths)

results contains lib.pass(
	account,
	"The Cosmos DB account encrypts its data with a customer-managed key.",
	evidence,
) if {
	not lib.unresolved(input.encryption_cosmos_db, paths)
	lib.nonempty(key_uri)
}

results contains lib.fail(
	account,
	"The Cosmos DB account sets no keyVaultKeyUri: its data is encrypted with service-managed keys.",
	evidence,
) if {
	not lib.unresolved(input.encryption_cosmos_db, paths)
	not lib.nonempty(key_uri)
}

account := lib.resource(input.encryption_cosmos_db)

key_uri := object.get(account, ["properties", "keyVaultKeyUri"], null)

paths := ["properties.keyVaultKeyUri"]

evidence := [{"path": "properties.keyVaultKeyUri", "found": key_uri, "expected": "a Key Vault key URI"}]
