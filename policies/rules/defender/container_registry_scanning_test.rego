package amlscan.rules.defender.container_registry_scanning_test

import data.amlscan.rules.defender.container_registry_scanning as rule

acr(sub) := {"status": "ok", "resource": {"id": concat("", ["/subscriptions/", sub, "/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr"]), "type": "Microsoft.ContainerRegistry/registries"}}

plan(name, tier, scanning) := {"id": concat("", ["/subscriptions/s1/providers/Microsoft.Security/pricings/", name]), "name": name, "type": "Microsoft.Security/pricings", "properties": {"pricingTier": tier, "extensions": [{"name": "ContainerRegistriesVulnerabilityAssessments", "isEnabled": scanning}]}}

entry(registry, plans) := {"id": "/w", "container_registry": registry, "context": {"subscription": {"subscription_id": "s1", "defender_pricings": {"status": "ok", "items": plans}}}}

only(rs) := v if {
	count(rs) == 1
	some v in rs
}

test_pass_defender_for_containers if {
	v := only(rule.results) with input as entry(acr("s1"), [plan("Containers", "Standard", "True"), plan("CloudPosture", "Free", "False")])
	v.status == "pass"
	v.resource_id == "/subscriptions/s1/providers/Microsoft.Security/pricings/Containers"
	v.message == "Registry images are scanned for vulnerabilities by the Containers plan of subscription s1."
}

test_pass_defender_cspm if {
	v := only(rule.results) with input as entry(acr("s1"), [plan("Containers", "Free", "False"), plan("CloudPosture", "Standard", "True")])
	v.status == "pass"
	v.message == "Registry images are scanned for vulnerabilities by the CloudPosture plan of subscription s1."
}

test_fail_both_off if only(rule.results).status == "fail" with input as entry(acr("s1"), [plan("Containers", "Free", "False"), plan("CloudPosture", "Free", "False")])

test_fail_extension_off if only(rule.results).status == "fail" with input as entry(acr("s1"), [plan("Containers", "Standard", "False"), plan("CloudPosture", "Free", "False")])

# A plan the list does not hold is not known to be off (infrastructure code declares only some).
test_unknown_plan_not_listed if {
	v := only(rule.results) with input as entry(acr("s1"), [plan("Containers", "Free", "False")])
	v.status == "unknown"
	v.resource_id == "/subscriptions/s1/providers/Microsoft.Security/pricings/Containers"
	v.message == "Whether registry images are scanned is not known. The snapshot lists no CloudPosture plan for subscription s1 (infrastructure code lists only the plans it declares): whether it is on is not known."
}

test_unknown_extension_not_listed if {
	p := {"name": "Containers", "properties": {"pricingTier": "Standard"}}
	v := only(rule.results) with input as entry(acr("s1"), [p, plan("CloudPosture", "Free", "False")])
	v.status == "unknown"
	v.resource_id == "/subscriptions/s1/providers/Microsoft.Security/pricings/Containers"
}

test_unknown_registry_in_another_subscription if only(rule.results).status == "unknown" with input as entry(acr("s2"), [plan("Containers", "Standard", "True")])

test_unknown_pricings_forbidden if {
	e := object.union(entry(acr("s1"), []), {"context": {"subscription": {"defender_pricings": {"status": "forbidden", "message": "denied"}}}})
	only(rule.results).status == "unknown" with input as e
}

test_unknown_registry_forbidden if only(rule.results).status == "unknown" with input as entry({"status": "forbidden", "resource_id": "/acr", "message": "denied"}, [])

test_no_result_without_registry if count(rule.results) == 0 with input as entry({"status": "ok", "resource": null}, [])
