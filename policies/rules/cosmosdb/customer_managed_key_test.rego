package amlscan.rules.cosmosdb.customer_managed_key_test

import data.amlscan.rules.cosmosdb.customer_managed_key as rule

cosmos(props) := {"status": "ok", "resource": {"id": "/c", "type": "Microsoft.DocumentDB/databaseAccounts", "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_with_key_uri if status(rule.results) == "pass" with input as {"id": "/w", "encryption_cosmos_db": cosmos({"keyVaultKeyUri": "https://kv.vault.azure.net/keys/k"})}

test_fail_absent if status(rule.results) == "fail" with input as {"id": "/w", "encryption_cosmos_db": cosmos({})}

test_fail_empty_or_not_a_string if {
	status(rule.results) == "fail" with input as {"id": "/w", "encryption_cosmos_db": cosmos({"keyVaultKeyUri": " "})}
	status(rule.results) == "fail" with input as {"id": "/w", "encryption_cosmos_db": cosmos({"keyVaultKeyUri": 5})}
}

test_unknown_when_section_not_collected if {
	rs := rule.results with input as {"id": "/w", "encryption_cosmos_db": {"status": "error", "resource_id": "/c", "message": "not declared in this infrastructure code"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/c"
	r.message == "encryption_cosmos_db could not be collected (error): not declared in this infrastructure code"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "encryption_cosmos_db": object.union(cosmos({}), {"unresolved": ["properties.keyVaultKeyUri"]})}

test_no_result_when_the_workspace_names_none if count(rule.results) == 0 with input as {"id": "/w", "encryption_cosmos_db": {"status": "ok", "resource": null}}
