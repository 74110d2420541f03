# METADATA
# title: Workspace Cosmos DB account public network access is disabled
# description: >-
#   The Cosmos DB account a customer-managed-key workspace names (encryption.cosmosDbResourceId)
#   holds the workspace's metadata. Reachable from the internet, it can be read by anyone holding a
#   key or token. publicNetworkAccess must be Disabled (clients use private endpoints); absent means
#   the service default, Enabled, which fails. IP and virtual network rules only filter the public
#   endpoint and do not count, as in the Azure Policy built-in. No result when the workspace names no
#   Cosmos DB account.
# custom:
#   id: AML-COS-002
#   severity: high
#   resource_type: Microsoft.DocumentDB/databaseAccounts
#   frameworks:
#     hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: >-
#       Create a private endpoint (group id Sql) for the Cosmos DB account in the workspace's virtual network,
#       then disable public network access.
#     cli: az cosmosdb update --name <account> --resource-group <rg> --public-network-access Disabled
#     bicep: |-
#       resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
#         properties: { publicNetworkAccess: 'Disabled' }
#       }
#   references:
#     azure_policy: ["797b37f7-06b8-444c-b1ad-fc62867f335a"]
#     psrule: ["Azure.Cosmos.PublicAccess"]
#     checkov: ["CKV_AZURE_101"]
#     docs: ["https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints"]
package amlscan.rules.cosmosdb.public_network

import data.amlscan.lib

# The Cosmos DB account the workspace's encryption settings name (encryption_cosmos_db).

# METADATA
# entrypoint: true
results contains lib.not_collected.encryption_cosmos_db

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.encryption_cosmos_db, paths)

results contains lib.pass(
	account,
	"Public network access to the Cosmos DB account is disabled.",
	evidence,
) if {
	not lib.unresolved(input.encryption_cosmos_db, paths)
	lib.eq_ci(access, "Disabled")
}

results contains lib.fail(
	account,
	concat("", [
		"The Cosmos DB account's publicNetworkAccess is ", lib.text(access),
		" (absent means Enabled): it is reachable from the internet.",
	]),
	evidence,
) if {
	not lib.unresolved(input.encryption_cosmos_db, paths)
	not lib.eq_ci(access, "Disabled")
}

account := lib.resource(input.encryption_cosmos_db)

access := object.get(account, ["properties", "publicNetworkAccess"], null)

paths := ["properties.publicNetworkAccess"]

evidence := [{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"}]
