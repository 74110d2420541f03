package amlscan.rules.cosmosdb.local_auth_test

import data.amlscan.rules.cosmosdb.local_auth as rule

cosmos(props) := {"status": "ok", "resource": {"id": "/c", "type": "Microsoft.DocumentDB/databaseAccounts", "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_disabled if status(rule.results) == "pass" with input as {"id": "/w", "encryption_cosmos_db": cosmos({"disableLocalAuth": true})}

test_fail_false_absent_or_a_string if {
	status(rule.results) == "fail" with input as {"id": "/w", "encryption_cosmos_db": cosmos({"disableLocalAuth": false})}
	status(rule.results) == "fail" with input as {"id": "/w", "encryption_cosmos_db": cosmos({})}
	status(rule.results) == "fail" with input as {"id": "/w", "encryption_cosmos_db": cosmos({"disableLocalAuth": "yes"})}
}

test_unknown_when_not_found if {
	rs := rule.results with input as {"id": "/w", "encryption_cosmos_db": {"status": "not_found", "resource_id": "/c", "resource": null, "message": "ResourceNotFound"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/c"
	r.resource_type == "Microsoft.DocumentDB/databaseAccounts"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "encryption_cosmos_db": object.union(cosmos({}), {"unresolved": ["properties.disableLocalAuth"]})}

test_no_result_when_the_workspace_names_none if count(rule.results) == 0 with input as {"id": "/w", "encryption_cosmos_db": {"status": "ok", "resource": null}}
