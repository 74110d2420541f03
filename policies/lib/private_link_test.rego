package amlscan.lib_test

import data.amlscan.lib

test_approved_connections_by_name_or_id if {
	connections := [
		{"name": "pe-b", "properties": {"privateLinkServiceConnectionState": {"status": "approved"}}},
		{"id": "/v/privateEndpointConnections/pe-a", "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}},
		{"name": "pe-c", "properties": {"privateLinkServiceConnectionState": {"status": "Pending"}}},
		{"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}},
		{"name": 5, "properties": null},
	]
	concat(",", lib.approved_connections(connections, "privateLinkServiceConnectionState")) == "?,pe-a,pe-b"
	lib.connection_states(connections, "privateLinkServiceConnectionState") == ["approved", "Approved", "Pending", "Approved", null]
}

test_approved_connections_of_another_state_key if {
	connections := [{"id": "/r/registryPrivateEndpointConnections/pe", "properties": {"registryPrivateLinkServiceConnectionState": {"status": "Approved"}}}]
	concat(",", lib.approved_connections(connections, "registryPrivateLinkServiceConnectionState")) == "pe"
	count(lib.approved_connections(connections, "privateLinkServiceConnectionState")) == 0
}

test_private_link_verdict if {
	account := {"id": "/S", "type": "Microsoft.Storage/storageAccounts"}
	approved := {"name": "pe", "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}
	lib.private_link_verdict(account, "storage account").status == "pass" with input as {"associated_private_endpoint_connections": {"/s": {"status": "ok", "items": [approved]}}}
	lib.private_link_verdict(account, "storage account").status == "fail" with input as {"associated_private_endpoint_connections": {"/s": {"status": "ok", "items": []}}}
	v := lib.private_link_verdict(account, "storage account") with input as {"associated_private_endpoint_connections": {}}
	v.status == "unknown"
	v.message == "associated_private_endpoint_connections could not be collected (missing): section absent from snapshot"
}
