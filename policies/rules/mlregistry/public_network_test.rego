package amlscan.rules.mlregistry.public_network_test

import data.amlscan.rules.mlregistry.public_network as rule

registry(id, props) := {"id": id, "type": "Microsoft.MachineLearningServices/registries", "location": "westeurope", "properties": props}

inp(section) := {"id": "/w", "context": {"subscription": {"subscription_id": "s", "ml_registries": section}}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail_per_registry if {
	by_id1(rule.results) == {"/r1": "pass", "/r2": "fail", "/r3": "fail"} with input as inp({"status": "ok", "items": [
		registry("/r1", {"publicNetworkAccess": "disabled"}),
		registry("/r2", {"publicNetworkAccess": "Enabled"}),
		registry("/r3", {}),
	]})
}

test_no_result_without_registries if count(rule.results) == 0 with input as inp({"status": "ok", "items": []})

test_unknown_on_the_workspace_when_not_listed if {
	rs := rule.results with input as inp({"status": "error", "message": "this infrastructure code declares no Azure ML registry"})
	by_id1(rs) == {"/w": "unknown"}
	some r in rs
	r.message == "subscription.ml_registries could not be collected (error): this infrastructure code declares no Azure ML registry"
}

test_unknown_without_a_subscription_entry if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "context": {"subscription": null}}

test_unknown_when_unresolved if {
	section := {"status": "ok", "items": [registry("/r0", {}), registry("/r1", {})], "unresolved": ["items[1].properties.publicNetworkAccess"]}
	by_id1(rule.results) == {"/r0": "fail", "/r1": "unknown"} with input as inp(section)
}
