# METADATA
# title: Container registry has an approved private endpoint connection
# description: >-
#   The registry holds the images the workspace's jobs and endpoints run. A private endpoint gives it
#   an address in the organisation's virtual network, so images are pushed and pulled without
#   crossing the internet; firewall rules only filter who may use the public endpoint and do not
#   count. Passes when at least one of the registry's private endpoint connections is Approved, as
#   the Azure Policy built-in checks; pending or rejected connections do not count. A registry has
#   none by default, and only the Premium SKU can have one.
# custom:
#   id: AML-ACR-005
#   severity: medium
#   resource_type: Microsoft.ContainerRegistry/registries
#   frameworks:
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: >-
#       Move the registry to the Premium SKU, create a private endpoint for it (group id registry) in the
#       workspace's virtual network and approve the connection, then disable public network access.
#     cli: >-
#       az network private-endpoint create --name pe-<registry> --resource-group <rg> --vnet-name <vnet>
#       --subnet <subnet> --private-connection-resource-id <registry-id> --group-id registry --connection-name pe-<registry>
#     bicep: |-
#       resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
#         name: 'pe-${acr.name}'
#         location: location
#         properties: {
#           subnet: { id: subnetId }
#           privateLinkServiceConnections: [ { name: 'registry', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } } ]
#         }
#       }
#   references:
#     azure_policy: ["e8eef0a8-67cf-4eb4-9386-14b0e78733d4"]
#     docs: ["https://learn.microsoft.com/azure/container-registry/container-registry-private-link"]
package amlscan.rules.registry.private_endpoint

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.container_registry

results contains lib.private_link_verdict(registry, "container registry") if {
	registry := lib.resource(input.container_registry)
}
