# METADATA
# title: Storage account has an approved private endpoint connection
# description: >-
#   The storage account holds the workspace's training data, models and outputs. A private endpoint
#   gives it an address in the organisation's virtual network, so clients and the workspace reach it
#   without crossing the internet; a firewall (networkAcls) only filters who may use the public
#   endpoint and does not count. Passes when at least one of the account's private endpoint
#   connections is Approved, as the Azure Policy built-in checks; pending or rejected connections do
#   not count. An account has none by default. A network-isolated workspace needs one for each of
#   the blob and file sub-resources; this rule does not tell them apart.
# custom:
#   id: AML-STG-009
#   severity: medium
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: >-
#       Create private endpoints for the storage account's blob and file sub-resources in the workspace's
#       virtual network, approve the connections, then disable public network access.
#     cli: >-
#       az network private-endpoint create --name pe-<storage>-blob --resource-group <rg> --vnet-name <vnet>
#       --subnet <subnet> --private-connection-resource-id <storage-id> --group-id blob --connection-name pe-<storage>-blob
#     bicep: |-
#       resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
#         name: 'pe-${st.name}-blob'
#         location: location
#         properties: {
#           subnet: { id: subnetId }
#           privateLinkServiceConnections: [ { name: 'blob', properties: { privateLinkServiceId: st.id, groupIds: [ 'blob' ] } } ]
#         }
#       }
#   references:
#     azure_policy: ["6edd7eda-6dd8-40f7-810d-67160c639cd9"]
#     checkov: ["CKV2_AZURE_33"]
#     docs: ["https://learn.microsoft.com/azure/storage/common/storage-private-endpoints"]
package amlscan.rules.storage.private_endpoint

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.private_link_verdict(account, "storage account") if {
	account := lib.resource(input.storage_account)
}
