# METADATA
# title: Workspace has an approved private endpoint connection
# description: >-
#   Private link lets clients reach the workspace over the organisation's network instead of the
#   internet. Passes when at least one private endpoint connection is in the Approved state, as the
#   Azure Policy built-in "Azure Machine Learning workspaces should use private link" checks
#   (privateEndpointConnections[*].privateLinkServiceConnectionState.status equals Approved). A
#   workspace has none by default. Pending or rejected connections do not count.
# custom:
#   id: AML-NET-003
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: Create a private endpoint for the workspace (group id amlworkspace) and approve the connection.
#     cli: az network private-endpoint create --name pe-<workspace> --resource-group <rg> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <workspace-id> --group-id amlworkspace --connection-name pe-<workspace>
#     bicep: |-
#       resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
#         name: 'pe-${ws.name}'
#         location: location
#         properties: {
#           subnet: { id: subnetId }
#           privateLinkServiceConnections: [ { name: 'ws', properties: { privateLinkServiceId: ws.id, groupIds: [ 'amlworkspace' ] } } ]
#         }
#       }
#   references:
#     azure_policy: ["45e05259-1eb5-4f70-9574-baf73e9d219b"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link"]
package amlscan.rules.workspace.private_endpoint

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(section, "private_endpoint_connections", lib.workspace.id, lib.workspace.type) if {
	section := object.get(input, "private_endpoint_connections", null)
	not section.status == "ok"
}

results contains lib.pass(
	lib.workspace,
	concat("", ["Approved private endpoint connection(s): ", concat(", ", [lib.text(name) | some name in approved]), "."]),
	evidence,
) if {
	count(approved) > 0
}

results contains lib.fail(lib.workspace, "The workspace has no private endpoint connection.", evidence) if {
	count(connections) == 0
}

results contains lib.fail(lib.workspace, "No private endpoint connection of the workspace is Approved.", evidence) if {
	count(connections) > 0
	count(approved) == 0
}

connections := lib.items(input.private_endpoint_connections)

states := [object.get(connection, ["properties", "privateLinkServiceConnectionState", "status"], null) |
	some connection in connections
]

# The names of the approved connections, sorted.
approved := sort({object.get(connection, "name", "?") |
	some connection in connections
	lib.eq_ci(object.get(connection, ["properties", "privateLinkServiceConnectionState", "status"], null), "Approved")
})

evidence := [{
	"path": "private_endpoint_connections[*].properties.privateLinkServiceConnectionState.status",
	"found": states,
	"expected": "at least one Approved",
}]
