# METADATA
# title: Azure ML registry has an approved private endpoint connection
# description: >-
#   Workspaces in a virtual network reach a registry's models, environments and components through a
#   private endpoint, without crossing the internet. Passes when at least one of the registry's
#   registryPrivateEndpointConnections is Approved (registryPrivateLinkServiceConnectionState.status);
#   pending or rejected connections do not count. A registry has none by default. Every registry of
#   the workspace's subscription is judged (which ones a workspace uses is recorded nowhere on it).
# custom:
#   id: AML-MLR-002
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/registries
#   frameworks:
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: >-
#       Create a private endpoint for the registry (group id amlregistry) in the virtual network of the
#       workspaces that use it and approve the connection.
#     cli: >-
#       az network private-endpoint create --name pe-<registry> --resource-group <rg> --vnet-name <vnet>
#       --subnet <subnet> --private-connection-resource-id <registry-id> --group-id amlregistry --connection-name pe-<registry>
#     bicep: |-
#       resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
#         name: 'pe-${registry.name}'
#         location: location
#         properties: {
#           subnet: { id: subnetId }
#           privateLinkServiceConnections: [ { name: 'amlregistry', properties: { privateLinkServiceId: registry.id, groupIds: [ 'amlregistry' ] } } ]
#         }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-registry-network-isolation"]
package amlscan.rules.mlregistry.private_endpoint

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.ml_registries_unknown

results contains lib.could_not_resolve(registry, paths, evidence(connections)) if {
	some [i, registry, body] in lib.ml_registry_items
	lib.ml_registry_unresolved(i, paths)
	connections := lib.arr(object.get(body, ["properties", "registryPrivateEndpointConnections"], []))
}

results contains lib.pass(
	registry,
	concat("", ["Approved private endpoint connection(s): ", concat(", ", approved), "."]),
	evidence(connections),
) if {
	some [i, registry, body] in lib.ml_registry_items
	not lib.ml_registry_unresolved(i, paths)
	connections := lib.arr(object.get(body, ["properties", "registryPrivateEndpointConnections"], []))
	approved := lib.approved_connections(connections, state_key)
	count(approved) > 0
}

results contains lib.fail(
	registry,
	concat("", [
		"The registry has no Approved private endpoint connection (", format_int(count(connections), 10),
		" listed): workspaces reach it over its public endpoint.",
	]),
	evidence(connections),
) if {
	some [i, registry, body] in lib.ml_registry_items
	not lib.ml_registry_unresolved(i, paths)
	connections := lib.arr(object.get(body, ["properties", "registryPrivateEndpointConnections"], []))
	count(lib.approved_connections(connections, state_key)) == 0
}

state_key := "registryPrivateLinkServiceConnectionState"

paths := ["properties.registryPrivateEndpointConnections"]

evidence(connections) := [{
	"path": "properties.registryPrivateEndpointConnections[*].properties.registryPrivateLinkServiceConnectionState.status",
	"found": lib.connection_states(connections, state_key),
	"expected": "at least one Approved",
}]
