package amlscan.rules.mlregistry.private_endpoint_test

import data.amlscan.rules.mlregistry.private_endpoint as rule

registry(id, connections) := {"id": id, "type": "Microsoft.MachineLearningServices/registries", "properties": {"registryPrivateEndpointConnections": connections}}

connection(name, state) := {"id": concat("", ["/r/registryPrivateEndpointConnections/", name]), "properties": {"registryPrivateLinkServiceConnectionState": {"status": state}}}

inp(section) := {"id": "/w", "context": {"subscription": {"subscription_id": "s", "ml_registries": section}}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_approved_fail_pending_or_none if {
	rs := rule.results with input as inp({"status": "ok", "items": [
		registry("/r1", [connection("pe-a", "Pending"), connection("pe-b", "Approved")]),
		registry("/r2", [connection("pe-c", "Pending")]),
		registry("/r3", []),
		{"id": "/r4", "properties": {}},
	]})
	by_id1(rs) == {"/r1": "pass", "/r2": "fail", "/r3": "fail", "/r4": "fail"}
	some r in rs
	r.resource_id == "/r1"
	r.message == "Approved private endpoint connection(s): pe-b."
}

test_unknown_when_forbidden if by_id1(rule.results) == {"/w": "unknown"} with input as inp({"status": "forbidden", "message": "denied", "items": []})

test_unknown_when_unresolved if {
	section := {"status": "ok", "items": [registry("/r0", [])], "unresolved": ["items[0].properties.registryPrivateEndpointConnections"]}
	by_id1(rule.results) == {"/r0": "unknown"} with input as inp(section)
}
