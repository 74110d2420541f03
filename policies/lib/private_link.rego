package amlscan.lib

# Private endpoints of the resources a workspace depends on. The storage account's, key vaults' and
# container registry's connections are in associated_private_endpoint_connections (keyed by
# lower-cased resource id, in each provider's shape: docs/snapshot-format.md); an Azure ML registry
# lists its own in properties.registryPrivateEndpointConnections. Only an Approved connection makes
# a resource reachable privately, as in the Azure Policy "should use private link" built-ins: a
# pending or rejected connection does not, nor does a firewall (it filters the public endpoint).

# The names of the Approved connections in a list of private endpoint connections, sorted.
# state_key names the connection's state object: privateLinkServiceConnectionState, or
# registryPrivateLinkServiceConnectionState for Azure ML registries.
approved_connections(connections, state_key) := sort({_connection_name(connection) |
	some connection in connections
	eq_ci(_connection_state(connection, state_key), "Approved")
})

# The state of each connection, as listed (null where there is none): evidence.
connection_states(connections, state_key) := [_connection_state(connection, state_key) | some connection in connections]

_connection_state(connection, state_key) := object.get(connection, ["properties", state_key, "status"], null) if {
	is_object(connection)
} else := null

# A connection's name; Key Vault and Azure ML registry connections carry none, so the last segment
# of their id.
_connection_name(connection) := connection.name if {
	nonempty(connection.name)
} else := parts[count(parts) - 1] if {
	is_string(connection.id)
	parts := split(connection.id, "/")
} else := "?"

# The verdict on the private link of a resource in associated_private_endpoint_connections: unknown
# when its connections could not be read, else pass with an Approved connection, fail without.
# noun names the resource in messages ("storage account").
private_link_verdict(resource, noun) := _private_link_verdict(
	by_id(object.get(input, "associated_private_endpoint_connections", null), resource.id),
	resource,
	noun,
)

_private_link_verdict(section, resource, noun) := section_unknown(
	section,
	"associated_private_endpoint_connections",
	resource.id,
	resource.type,
) if {
	not section.status == "ok"
} else := pass(
	resource,
	concat("", ["Approved private endpoint connection(s) of the ", noun, ": ", concat(", ", approved), "."]),
	private_link_evidence(connections, "privateLinkServiceConnectionState"),
) if {
	connections := arr(section.items)
	approved := approved_connections(connections, "privateLinkServiceConnectionState")
	count(approved) > 0
} else := fail(
	resource,
	concat("", [
		"The ", noun, " has no Approved private endpoint connection (", format_int(count(connections), 10),
		" listed): it is reached over its public endpoint, whatever its firewall allows.",
	]),
	private_link_evidence(connections, "privateLinkServiceConnectionState"),
) if {
	connections := arr(section.items)
}

private_link_evidence(connections, state_key) := [{
	"path": concat("", ["privateEndpointConnections[*].properties.", state_key, ".status"]),
	"found": connection_states(connections, state_key),
	"expected": "at least one Approved",
}]
