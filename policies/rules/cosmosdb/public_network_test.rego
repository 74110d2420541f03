package amlscan.rules.cosmosdb.public_network_test

import data.amlscan.rules.cosmosdb.public_network as rule

cosmos(props) := {"status": "ok", "resource": {"id": "/c", "type": "Microsoft.DocumentDB/databaseAccounts", "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_disabled_any_case if status(rule.results) == "pass" with input as {"id": "/w", "encryption_cosmos_db": cosmos({"publicNetworkAccess": "disabled"})}

test_fail_enabled if status(rule.results) == "fail" with input as {"id": "/w", "encryption_cosmos_db": cosmos({"publicNetworkAccess": "Enabled"})}

# Firewall rules filter the public endpoint; they do not close it.
test_fail_absent_even_with_firewall_rules if {
	rs := rule.results with input as {"id": "/w", "encryption_cosmos_db": cosmos({"ipRules": [{"ipAddressOrRange": "10.0.0.0/8"}], "isVirtualNetworkFilterEnabled": true})}
	status(rs) == "fail"
	some r in rs
	r.message == "The Cosmos DB account's publicNetworkAccess is null (absent means Enabled): it is reachable from the internet."
}

test_unknown_when_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "encryption_cosmos_db": {"status": "forbidden", "resource_id": "/c", "message": "denied"}}

test_unknown_when_section_missing if {
	rs := rule.results with input as {"id": "/w"}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/w"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "encryption_cosmos_db": object.union(cosmos({}), {"unresolved": ["properties.publicNetworkAccess"]})}
