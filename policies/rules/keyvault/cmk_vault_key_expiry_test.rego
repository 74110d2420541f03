package amlscan.rules.keyvault.cmk_vault_key_expiry_test

import data.amlscan.rules.keyvault.cmk_vault_key_expiry as rule

vault := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-cmk"

key(name, attributes) := {"id": concat("", [vault, "/keys/", name]), "name": name, "type": "Microsoft.KeyVault/vaults/keys", "properties": {"attributes": attributes}}

entry(section) := {"id": "/w", "cmk_vault_keys": section}

listed(keys) := {"status": "ok", "vault_id": vault, "items": keys}

status_of(rs, name) := s if {
	some r in rs
	endswith(r.resource_id, concat("", ["/", name]))
	s := r.status
}

test_pass_and_fail_per_key if {
	rs := rule.results with input as entry(listed([key("cmk", {"enabled": true, "exp": 1804492800}), key("old", {"enabled": true})]))
	count(rs) == 2
	status_of(rs, "cmk") == "pass"
	status_of(rs, "old") == "fail"
}

test_fail_names_the_default if {
	rs := rule.results with input as entry(listed([key("k", {"exp": null})]))
	some r in rs
	r.message == "The key has no expiration date (absent: the service default, it never expires)."
	r.evidence == [{"path": "properties.attributes.exp", "found": null, "expected": "an expiration date (seconds since 1970)"}]
}

test_unknown_when_listing_is_forbidden if {
	rs := rule.results with input as entry({"status": "forbidden", "vault_id": vault, "message": "denied", "items": []})
	count(rs) == 1
	some r in rs
	r.status == "unknown"
	r.resource_id == vault
	r.message == "cmk_vault_keys could not be collected (forbidden): denied"
}

test_unknown_when_expiry_is_unresolved if {
	rs := rule.results with input as entry(object.union(listed([key("k", {})]), {"unresolved": ["items[0].properties.attributes.exp"]}))
	status_of(rs, "k") == "unknown"
}

test_no_result_without_cmk if count(rule.results) == 0 with input as entry({"status": "ok", "vault_id": null, "items": []})

# An item without an id is named by the vault and its name.
test_an_item_without_id_is_named_by_the_vault if {
	rs := rule.results with input as entry(listed([{"name": "k", "properties": {"attributes": {"exp": 5}}}]))
	some r in rs
	r.resource_id == concat("", [vault, "/keys/k"])
	r.status == "pass"
}
