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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace and its private endpoint connections are
# readable, else unknown naming the connections section, else the workspace unknown. (No verdict,
# as before, for an ok workspace section without a resource object, or an ok connections section
# without an item list.) Each connection's state is read once.
verdicts(inp) := {_pe_verdict(ws, approved, count(items), [{
	"path": "private_endpoint_connections[*].properties.privateLinkServiceConnectionState.status",
	"found": states,
	"expected": "at least one Approved",
}])} if {
	inp.workspace.status == "ok"
	ws := inp.workspace.resource
	is_object(ws)
	pecs := inp.private_endpoint_connections
	pecs.status == "ok"
	items := pecs.items
	is_array(items)
	states := [object.get(pec, ["properties", "privateLinkServiceConnectionState", "status"], null) | some pec in items]
	approved := sort({object.get(pec, "name", "?") |
		some i
		pec := items[i]
		is_string(states[i])
		lower(states[i]) == "approved"
	})
} else := {lib.section_unknown(sec, "private_endpoint_connections", ws.id, ws.type)} if {
	ws := lib.resource(inp.workspace)
	sec := lib.section(inp, "private_endpoint_connections")
	not lib.ok(sec)
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

_pe_verdict(ws, approved, connections, ev) := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": concat("", ["Approved private endpoint connection(s): ", concat(", ", [lib.text(n) | some n in approved]), "."]),
} if {
	count(approved) > 0
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "The workspace has no private endpoint connection.",
} if {
	connections == 0
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "No private endpoint connection of the workspace is Approved.",
}
