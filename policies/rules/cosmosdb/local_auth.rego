# METADATA
# title: Workspace Cosmos DB account accepts only Microsoft Entra authentication
# description: >-
#   The Cosmos DB account a customer-managed-key workspace names (encryption.cosmosDbResourceId)
#   holds the workspace's metadata. Its account keys are shared secrets that act for no one: a
#   leaked key reads and writes every document, and no log says who used it. disableLocalAuth must
#   be true, so only Microsoft Entra identities, with their role assignments, get in; absent means
#   the service default, false (keys accepted), which fails, as in the Azure Policy built-in. No
#   result when the workspace names no Cosmos DB account.
# custom:
#   id: AML-COS-003
#   severity: high
#   resource_type: Microsoft.DocumentDB/databaseAccounts
#   frameworks:
#     hipaa: ["164.312(a)(2)(i)", "164.312(d)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: >-
#       Give the identities that use the account Cosmos DB data-plane roles, then disable key-based
#       authentication.
#     cli: az resource update --ids <account-id> --set properties.disableLocalAuth=true
#     bicep: |-
#       resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
#         properties: { disableLocalAuth: true, disableKeyBasedMetadataWriteAccess: true }
#       }
#   references:
#     azure_policy: ["5450f5bd-9c72-4390-a9c4-a7aba4edfdd2"]
#     psrule: ["Azure.Cosmos.DisableLocalAuth"]
#     checkov: ["CKV_AZURE_140"]
#     docs: ["https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac#disable-local-auth"]
package amlscan.rules.cosmosdb.local_auth

import data.amlscan.lib

# The Cosmos DB account the workspace's encryption settings name (encryption_cosmos_db).

# METADATA
# entrypoint: true
results contains lib.not_collected.encryption_cosmos_db

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.encryption_cosmos_db, paths)

results contains lib.pass(
	account,
	"Key-based (local) authentication to the Cosmos DB account is disabled.",
	evidence,
) if {
	not lib.unresolved(input.encryption_cosmos_db, paths)
	disabled == true
}

results contains lib.fail(
	account,
	"The Cosmos DB account accepts its account keys (disableLocalAuth is false or absent: the service default).",
	evidence,
) if {
	not lib.unresolved(input.encryption_cosmos_db, paths)
	disabled != true
}

account := lib.resource(input.encryption_cosmos_db)

disabled := object.get(account, ["properties", "disableLocalAuth"], null)

paths := ["properties.disableLocalAuth"]

evidence := [{"path": "properties.disableLocalAuth", "found": disabled, "expected": true}]
