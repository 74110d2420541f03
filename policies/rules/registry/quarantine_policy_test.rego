package amlscan.rules.registry.quarantine_policy_test

import data.amlscan.rules.registry.quarantine_policy as rule

registry(properties) := {"status": "ok", "resource": {"id": "/acr", "type": "Microsoft.ContainerRegistry/registries", "properties": properties}}

only(rs) := v if {
	count(rs) == 1
	some v in rs
}

test_pass_enabled if only(rule.results).status == "pass" with input as {"id": "/w", "container_registry": registry({"policies": {"quarantinePolicy": {"status": "Enabled"}}})}

test_fail_disabled if only(rule.results).status == "fail" with input as {"id": "/w", "container_registry": registry({"policies": {"quarantinePolicy": {"status": "disabled"}}})}

test_fail_absent_is_the_default if {
	v := only(rule.results) with input as {"id": "/w", "container_registry": registry({})}
	v.status == "fail"
	v.evidence == [{"path": "properties.policies.quarantinePolicy.status", "found": null, "expected": "enabled"}]
}

test_fail_on_a_value_of_another_type if only(rule.results).status == "fail" with input as {"id": "/w", "container_registry": registry({"policies": {"quarantinePolicy": 5}})}

test_unknown_when_section_forbidden if {
	v := only(rule.results) with input as {"id": "/w", "container_registry": {"status": "forbidden", "resource_id": "/acr", "message": "denied"}}
	v.status == "unknown"
	v.resource_id == "/acr"
}

test_unknown_when_unresolved if only(rule.results).status == "unknown" with input as {"id": "/w", "container_registry": object.union(registry({}), {"unresolved": ["properties.policies.quarantinePolicy.status"]})}

test_no_result_without_registry if count(rule.results) == 0 with input as {"id": "/w", "container_registry": {"status": "ok", "resource": null}}
