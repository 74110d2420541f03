package amlscan.rules.registry.private_endpoint_test

import data.amlscan.rules.registry.private_endpoint as rule

registry := {"status": "ok", "resource": {"id": "/R", "type": "Microsoft.ContainerRegistry/registries", "sku": {"name": "Premium"}, "properties": {}}}

connection(state) := {"name": "pe-acr", "properties": {"privateLinkServiceConnectionState": {"status": state}}}

inp(section) := {"id": "/w", "container_registry": registry, "associated_private_endpoint_connections": {"/r": section}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_approved if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [connection("Approved")]})

test_fail_none if status(rule.results) == "fail" with input as inp({"status": "ok", "items": []})

test_fail_rejected if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [connection("Rejected")]})

test_unknown_when_connections_error if status(rule.results) == "unknown" with input as inp({"status": "error", "message": "throttled", "items": []})

test_unknown_when_registry_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "container_registry": {"status": "forbidden", "resource_id": "/R"}}

test_no_result_without_registry if count(rule.results) == 0 with input as {"id": "/w", "container_registry": {"status": "ok", "resource": null}}
