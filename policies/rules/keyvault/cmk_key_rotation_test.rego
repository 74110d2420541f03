package amlscan.rules.keyvault.cmk_key_rotation_test

import data.amlscan.lib
import data.amlscan.rules.keyvault.cmk_key_rotation as rule

key_id := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-cmk/keys/cmk"

key(properties) := {"status": "ok", "resource_id": key_id, "resource": {"id": key_id, "type": "Microsoft.KeyVault/vaults/keys", "properties": properties}}

rotate(trigger) := {"trigger": trigger, "action": {"type": "Rotate"}}

policy(actions, expiry) := {"rotationPolicy": {"attributes": {"expiryTime": expiry}, "lifetimeActions": actions}}

entry(cmk_key) := {"id": "/w", "cmk_key": cmk_key}

only(rs) := v if {
	count(rs) == 1
	some v in rs
}

test_pass_rotates_after_creation if {
	v := only(rule.results) with input as entry(key(policy([rotate({"timeAfterCreate": "P11M"}), {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "notify"}}], "P1Y")))
	v.status == "pass"
	v.resource_id == key_id
	v.message == "The key rotates automatically every 330 days at most (required: 730)."
}

# A timeBeforeExpiry trigger counts back from the policy's expiryTime: P2Y - P30D = 700 days.
test_pass_rotates_before_expiry if {
	v := only(rule.results) with input as entry(key(policy([{"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "rotate"}}], "P2Y")))
	v.status == "pass"
	v.message == "The key rotates automatically every 700 days at most (required: 730)."
}

test_fail_no_rotation_policy if {
	v := only(rule.results) with input as entry(key({"attributes": {"enabled": true}}))
	v.status == "fail"
	v.message == "The key has no rotation policy with a Rotate action (absent: the service default, no automatic rotation)."
}

test_fail_notify_only if only(rule.results).status == "fail" with input as entry(key(policy([{"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "Notify"}}], "P1Y")))

test_fail_rotation_too_rare if {
	v := only(rule.results) with input as entry(key(policy([rotate({"timeAfterCreate": "P3Y"})], null)))
	v.status == "fail"
	v.message == "The key rotates only every 1095 days; required: at most 730."
}

test_parameter_sets_the_limit if {
	only(rule.results).status == "fail" with input as entry(key(policy([rotate({"timeAfterCreate": "P180D"})], null))) with data.amlscan.params as object.union(lib.param_defaults, {"max_key_rotation_days": 90})
}

test_unknown_duration_not_readable if {
	v := only(rule.results) with input as entry(key(policy([rotate({"timeAfterCreate": "P1Y6M"})], null)))
	v.status == "unknown"
}

# Before expiry without an expiryTime cannot be placed in time.
test_unknown_before_expiry_without_expiry_time if only(rule.results).status == "unknown" with input as entry(key(policy([rotate({"timeBeforeExpiry": "P30D"})], null)))

# One readable Rotate action within the limit is enough.
test_pass_when_one_action_is_readable_and_within if only(rule.results).status == "pass" with input as entry(key(policy([rotate({"timeAfterCreate": 5}), rotate({"timeAfterCreate": "P90D"})], null)))

test_total_on_actions_of_any_type if only(rule.results).status == "fail" with input as entry(key({"rotationPolicy": {"lifetimeActions": [5, "x", null, {"action": 3}]}}))

test_unknown_when_key_forbidden if {
	v := only(rule.results) with input as entry({"status": "forbidden", "resource_id": key_id, "message": "denied"})
	v.status == "unknown"
	v.resource_id == key_id
	v.message == "cmk_key could not be collected (forbidden): denied"
}

test_unknown_when_rotation_policy_unresolved if {
	k := object.union(key({}), {"unresolved": ["properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate"]})
	only(rule.results).status == "unknown" with input as entry(k)
}

test_no_result_without_cmk if count(rule.results) == 0 with input as entry({"status": "ok", "resource": null, "resource_id": null})

# A snapshot written before the section existed: unknown only for a workspace that names a key.
test_missing_section_counts_only_for_a_cmk_workspace if {
	count(rule.results) == 0 with input as {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "T", "properties": {}}}}
	named := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "T", "properties": {"encryption": {"keyVaultProperties": {"keyIdentifier": "https://kv.vault.azure.net/keys/k"}}}}}}
	only(rule.results).message == "cmk_key could not be collected (missing): section absent from snapshot" with input as named
}
