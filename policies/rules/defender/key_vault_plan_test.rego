package amlscan.rules.defender.key_vault_plan_test

import data.amlscan.rules.defender.key_vault_plan as rule

vault(sub, name) := {"status": "ok", "resource": {"id": concat("", ["/subscriptions/", sub, "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/", name]), "type": "Microsoft.KeyVault/vaults"}}

plan(tier) := {"id": "/subscriptions/s1/providers/Microsoft.Security/pricings/KeyVaults", "name": "KeyVaults", "type": "Microsoft.Security/pricings", "properties": {"pricingTier": tier}}

entry(sections, plans) := object.union(sections, {"id": "/w", "context": {"subscription": {"subscription_id": "s1", "defender_pricings": {"status": "ok", "items": plans}}}})

test_pass_standard if {
	rs := rule.results with input as entry({"key_vault": vault("s1", "kv"), "cmk_key_vault": vault("s1", "kv-cmk")}, [plan("Standard")])
	count(rs) == 1
	some v in rs
	v.status == "pass"
	v.resource_id == "/subscriptions/s1/providers/Microsoft.Security/pricings/KeyVaults"
}

test_fail_free if {
	rs := rule.results with input as entry({"key_vault": vault("s1", "kv")}, [plan("Free")])
	some v in rs
	v.status == "fail"
	v.message == "Defender for Key Vault is off (Free, the service default) in subscription s1, where the workspace's key vaults are."
}

# A vault in another subscription: that subscription's plan is not in the workspace's context.
test_unknown_for_the_other_subscription if {
	rs := rule.results with input as entry({"key_vault": vault("s1", "kv"), "cmk_key_vault": vault("s2", "kv-cmk")}, [plan("Standard")])
	count(rs) == 2
	{v.status | some v in rs} == {"pass", "unknown"}
}

# A vault that could not be read is still in the subscription it was looked up in.
test_judged_by_the_looked_up_id if {
	rs := rule.results with input as entry({"key_vault": {"status": "forbidden", "resource_id": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"}}, [plan("Free")])
	some v in rs
	v.status == "fail"
}

test_unknown_plan_not_listed if {
	rs := rule.results with input as entry({"key_vault": vault("s1", "kv")}, [])
	some v in rs
	v.status == "unknown"
}

test_unknown_without_subscription_entry if {
	rs := rule.results with input as {"id": "/w", "key_vault": vault("s1", "kv"), "context": {"subscription": null}}
	some v in rs
	v.status == "unknown"
}
