package amlscan.lib_test

import data.amlscan.lib

test_duration_days_of_one_unit if {
	lib.duration_days("P90D") == 90
	lib.duration_days("p18m") == 540
	lib.duration_days(" P2Y ") == 730
	lib.duration_days("P12W") == 84
	not lib.duration_days("P1Y6M")
	not lib.duration_days("PT12H")
	not lib.duration_days(90)
	not lib.duration_days("")
}

test_dig_is_total if {
	lib.dig({"a": {"b": 1}}, ["a", "b"], 0) == 1
	lib.dig({"a": 5}, ["a", "b"], 0) == 0
	lib.dig(5, ["a"], 0) == 0
	lib.dig(null, ["a"], "x") == "x"
}

test_cmk_named if {
	lib.cmk_named with input as {"workspace": {"status": "ok", "resource": {"id": "/w", "properties": {"encryption": {"keyVaultProperties": {"keyIdentifier": "https://kv/keys/k"}}}}}}
	not lib.cmk_named with input as {"workspace": {"status": "ok", "resource": {"id": "/w", "properties": {"encryption": {"keyVaultProperties": {"keyIdentifier": ""}}}}}}
	not lib.cmk_named with input as {"workspace": {"status": "forbidden"}}
}

test_unresolved_under if {
	lib.unresolved_under({"unresolved": ["properties.rotationPolicy.lifetimeActions[0]"]}, "properties.rotationPolicy")
	not lib.unresolved_under({"unresolved": ["properties.other", 5]}, "properties.rotationPolicy")
	not lib.unresolved_under({}, "properties.rotationPolicy")
}

test_vault_item_names_an_item_without_id if {
	lib.vault_item({"name": "k"}, "keys", "T", {"vault_id": "/v"}) == {"name": "k", "id": "/v/keys/k", "type": "T"}
	lib.vault_item({"id": "/v/keys/x"}, "keys", "T", {}).id == "/v/keys/x"
}
