package amlscan.rules.keyvault.private_endpoint_test

import data.amlscan.rules.keyvault.private_endpoint as rule

vault(id) := {"status": "ok", "resource": {"id": id, "type": "Microsoft.KeyVault/vaults", "properties": {}}}

# Key Vault lists its connections without a name.
approved(id) := {"id": concat("", [id, "/privateEndpointConnections/pe"]), "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail_per_vault if {
	rs := rule.results with input as {
		"id": "/w",
		"key_vault": vault("/KV"),
		"cmk_key_vault": vault("/CMK"),
		"associated_private_endpoint_connections": {"/kv": {"status": "ok", "items": [approved("/KV")]}, "/cmk": {"status": "ok", "items": []}},
	}
	by_id1(rs) == {"/KV": "pass", "/CMK": "fail"}
	some r in rs
	r.resource_id == "/KV"
	r.message == "Approved private endpoint connection(s) of the key vault: pe."
}

# The customer-managed key in the workspace's own vault: one verdict.
test_one_verdict_when_the_cmk_vault_is_the_key_vault if {
	rs := rule.results with input as {
		"id": "/w",
		"key_vault": vault("/KV"),
		"cmk_key_vault": vault("/kv"),
		"associated_private_endpoint_connections": {"/kv": {"status": "ok", "items": []}},
	}
	count(rs) == 1
	by_id1(rs) == {"/KV": "fail"}
}

test_no_cmk_vault_named if {
	by_id1(rule.results) == {"/KV": "pass"} with input as {
		"id": "/w",
		"key_vault": vault("/KV"),
		"cmk_key_vault": {"status": "ok", "resource": null},
		"associated_private_endpoint_connections": {"/kv": {"status": "ok", "items": [approved("/KV")]}},
	}
}

test_unknown_when_connections_forbidden_or_vault_not_collected if {
	rs := rule.results with input as {
		"id": "/w",
		"key_vault": vault("/KV"),
		"cmk_key_vault": {"status": "forbidden", "resource_id": "/CMK", "message": "denied"},
		"associated_private_endpoint_connections": {"/kv": {"status": "forbidden", "message": "denied", "items": []}},
	}
	by_id1(rs) == {"/KV": "unknown", "/CMK": "unknown"}
}

# Neither section names a vault (the workspace is not in the template): one unknown, not two.
test_one_unknown_when_no_vault_is_named if {
	rs := rule.results with input as {
		"id": "/w",
		"key_vault": {"status": "error", "message": "workspace not declared"},
		"cmk_key_vault": {"status": "error", "message": "workspace not declared"},
	}
	count(rs) == 1
	by_id1(rs) == {"/w": "unknown"}
}
