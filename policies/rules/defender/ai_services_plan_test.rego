package amlscan.rules.defender.ai_services_plan_test

import data.amlscan.rules.defender.ai_services_plan as rule

connection(name, category, metadata) := {"id": concat("", ["/w/connections/", name]), "name": name, "type": "Microsoft.MachineLearningServices/workspaces/connections", "properties": {"category": category, "metadata": metadata}}

aoai := {"ResourceId": "/subscriptions/S1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai"}

plan(tier) := {"id": "/subscriptions/s1/providers/Microsoft.Security/pricings/AI", "name": "AI", "type": "Microsoft.Security/pricings", "properties": {"pricingTier": tier}}

entry(connections, plans) := {"id": "/w", "connections": {"status": "ok", "items": connections}, "context": {"subscription": {"subscription_id": "s1", "defender_pricings": {"status": "ok", "items": plans}}}}

only(rs) := v if {
	count(rs) == 1
	some v in rs
}

test_pass_standard if {
	v := only(rule.results) with input as entry([connection("oai", "AzureOpenAI", aoai)], [plan("Standard")])
	v.status == "pass"
	v.resource_id == "/subscriptions/s1/providers/Microsoft.Security/pricings/AI"
}

test_fail_free if only(rule.results).status == "fail" with input as entry([connection("ai", "AIServices", {"resourceid": aoai.ResourceId})], [plan("Free")])

test_unknown_connection_without_resource_id if {
	v := only(rule.results) with input as entry([connection("oai", "AzureOpenAI", {"ApiType": "Azure"})], [plan("Free")])
	v.status == "unknown"
	v.resource_id == "/w/connections/oai"
}

test_unknown_plan_not_listed if only(rule.results).status == "unknown" with input as entry([connection("oai", "azureopenai", aoai)], [])

test_no_result_for_other_connections if count(rule.results) == 0 with input as entry([connection("git", "Git", {}), connection("x", 5, null)], [plan("Free")])

test_unknown_connections_not_collected if only(rule.results).status == "unknown" with input as {"id": "/w", "connections": {"status": "forbidden", "message": "denied"}}
