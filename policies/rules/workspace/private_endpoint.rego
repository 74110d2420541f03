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
package amlscan.rules.workspace_private_endpoint

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(lib.section(inp, "private_endpoint_connections"), ws)} if ws := lib.resource(inp.workspace)

_path := "private_endpoint_connections[*].properties.privateLinkServiceConnectionState.status"

_verdict(sec, ws) := lib.section_unknown(sec, "private_endpoint_connections", ws.id, ws.type) if not lib.ok(sec)

_verdict(sec, ws) := lib.pass(ws, concat("", ["Approved private endpoint connection(s): ", concat(", ", approved), "."]), [lib.evidence(_path, _states(sec), "at least one Approved")]) if {
	approved := sort(_approved(sec))
	count(approved) > 0
}

_verdict(sec, ws) := lib.fail(ws, _fail_message(sec), [lib.evidence(_path, _states(sec), "at least one Approved")]) if {
	lib.ok(sec)
	count(_approved(sec)) == 0
}

_approved(sec) := {object.get(pec, "name", "?") |
	some pec in lib.items(sec)
	lib.eq_ci(lib.prop(pec, ["properties", "privateLinkServiceConnectionState", "status"]), "Approved")
}

_states(sec) := [lib.prop(pec, ["properties", "privateLinkServiceConnectionState", "status"]) | some pec in lib.items(sec)]

_fail_message(sec) := "The workspace has no private endpoint connection." if count(lib.items(sec)) == 0

_fail_message(sec) := "No private endpoint connection of the workspace is Approved." if count(lib.items(sec)) > 0
