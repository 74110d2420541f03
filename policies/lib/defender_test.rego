package amlscan.lib_test

import data.amlscan.lib

plan(name, tier, extensions) := {"id": concat("", ["/subscriptions/s1/providers/Microsoft.Security/pricings/", name]), "name": name, "type": "Microsoft.Security/pricings", "properties": {"pricingTier": tier, "extensions": extensions}}

context(pricings) := {"context": {"subscription": {"subscription_id": "S1", "defender_pricings": pricings}}}

listed(plans) := context({"status": "ok", "items": plans})

test_subscription_of if {
	lib.subscription_of("/subscriptions/ABC/resourceGroups/rg") == "abc"
	lib.subscription_of("/providers/Microsoft.Management/x") == ""
	lib.subscription_of(5) == ""
	lib.subscription_of("") == ""
}

test_defender_plan_by_name_case_insensitive if {
	p := lib.defender_plan("s1", "KEYVAULTS") with input as listed([plan("KeyVaults", "Standard", [])])
	p.name == "KeyVaults"
	lib.defender_on(p)
	not lib.defender_on(plan("KeyVaults", "Free", []))
	not lib.defender_on({"properties": {"pricingTier": 5}})
}

test_defender_unknown_names_why if {
	no_entry := lib.defender_unknown("s1", "AI") with input as {"context": {"subscription": null}}
	no_entry.message == "The snapshot holds no entry for subscription s1: its Defender for Cloud plans are not known."
	no_entry.resource_id == "/subscriptions/s1/providers/Microsoft.Security/pricings/AI"

	other := lib.defender_unknown("s2", "AI") with input as listed([])
	other.message == "The Defender for Cloud plans of subscription s2 are not in this workspace's context, which holds those of its own subscription only."

	refused := lib.defender_unknown("s1", "AI") with input as context({"status": "forbidden", "message": "denied", "items": []})
	refused.message == "subscription.defender_pricings could not be collected (forbidden): denied"

	unlisted := lib.defender_unknown("s1", "AI") with input as listed([plan("KeyVaults", "Standard", [])])
	unlisted.message == "The snapshot lists no AI plan for subscription s1 (infrastructure code lists only the plans it declares): whether it is on is not known."

	not lib.defender_unknown("s1", "KeyVaults") with input as listed([plan("KeyVaults", "Free", [])])
}

test_defender_extension_states if {
	p := plan("Containers", "Standard", [{"name": "A", "isEnabled": "True"}, {"name": "b", "isEnabled": "False"}, 5, {"name": "c", "isEnabled": true}])
	lib.defender_extension(p, "a") == "on"
	lib.defender_extension(p, "B") == "off"
	lib.defender_extension(p, "c") == "on"
	lib.defender_extension(p, "d") == "unlisted"
	lib.defender_extension({"properties": {"extensions": "x"}}, "a") == "unlisted"
}

test_defender_evidence if {
	e := lib.defender_evidence("s1", "Containers", ["A"]) with input as listed([plan("Containers", "Standard", [{"name": "A", "isEnabled": "False"}])])
	e == [{"path": "subscription.defender_pricings[Containers]", "found": {"pricingTier": "Standard", "subPlan": null, "A": "off"}, "expected": {"pricingTier": "Standard", "A": "on"}}]
	lib.defender_evidence("s1", "AI", []) == [{"path": "subscription.defender_pricings[AI]", "found": null, "expected": "the plan"}] with input as listed([])
}
