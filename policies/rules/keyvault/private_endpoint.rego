# METADATA
# title: Workspace key vaults have an approved private endpoint connection
# description: >-
#   The workspace's key vault holds its secrets, and the vault of its customer-managed key holds the
#   key protecting the data at rest. A private endpoint gives a vault an address in the
#   organisation's virtual network, so secrets and keys are fetched without crossing the internet;
#   a firewall only filters who may use the public endpoint and does not count. Passes for each of
#   the two vaults (one verdict when they are the same vault) when at least one of its private
#   endpoint connections is Approved, as the Azure Policy built-in checks; pending or rejected
#   connections do not count. A vault has none by default.
# custom:
#   id: AML-KV-005
#   severity: medium
#   resource_type: Microsoft.KeyVault/vaults
#   frameworks:
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: >-
#       Create a private endpoint for the vault (group id vault) in the workspace's virtual network and
#       approve the connection, then disable public network access.
#     cli: >-
#       az network private-endpoint create --name pe-<vault> --resource-group <rg> --vnet-name <vnet>
#       --subnet <subnet> --private-connection-resource-id <vault-id> --group-id vault --connection-name pe-<vault>
#     bicep: |-
#       resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
#         name: 'pe-${kv.name}'
#         location: location
#         properties: {
#           subnet: { id: subnetId }
#           privateLinkServiceConnections: [ { name: 'vault', properties: { privateLinkServiceId: kv.id, groupIds: [ 'vault' ] } } ]
#         }
#       }
#   references:
#     azure_policy: ["a6abeaec-4d90-4a02-805f-6b26c4d3fbe9"]
#     checkov: ["CKV2_AZURE_32"]
#     docs: ["https://learn.microsoft.com/azure/key-vault/general/private-link-service"]
package amlscan.rules.keyvault.private_endpoint

import data.amlscan.lib

# The workspace's key vault and the vault of its customer-managed key.

# METADATA
# entrypoint: true
results contains verdict if {
	some name in judged
	verdict := lib.not_collected[name]
}

results contains lib.private_link_verdict(vault, "key vault") if {
	some name in judged
	vault := lib.resource(input[name])
}

# The sections judged: the key vault, and the CMK vault when its section names another vault (one
# that names none is the workspace's own unknown, already reported through the key vault's).
judged contains "key_vault"

judged contains "cmk_key_vault" if {
	cmk := section_id(input.cmk_key_vault)
	not lower(cmk) == lower(section_id(input.key_vault))
}

# The id of the vault a section names: its resource's, else the one it looked up.
section_id(section) := section.resource.id if {
	is_string(section.resource.id)
} else := section.resource_id if {
	is_string(section.resource_id)
}
