package amlscan.rules.datastore.identity_based_access_test

import data.amlscan.rules.datastore.identity_based_access as rule

ds(name, creds) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/datastores", "properties": {"credentials": creds}}

statuses(rs) := {r.resource_id: r.status | some r in rs}

test_pass_fail_unknown if {
	statuses(rule.results) == {"/a": "pass", "/b": "fail", "/c": "fail", "/d": "unknown"} with input as {"id": "/w", "datastores": {"status": "ok", "items": [ds("/a", {"credentialsType": "None"}), ds("/b", {"credentialsType": "AccountKey"}), ds("/c", {"credentialsType": "Sas"}), ds("/d", null)]}}
}

test_unknown_when_forbidden if statuses(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "datastores": {"status": "forbidden"}}

test_case_blank_and_message if {
	rs := rule.results with input as {"id": "/w", "datastores": {"status": "ok", "items": [ds("/a", {"credentialsType": "none"}), ds("/b", {"credentialsType": " "}), ds("/c", {"credentialsType": "ServicePrincipal"})]}}
	statuses(rs) == {"/a": "pass", "/b": "unknown", "/c": "fail"}
	some r in rs
	r.resource_id == "/c"
	r.message == "The datastore stores ServicePrincipal credentials instead of using identity-based access."
}

test_unknown_when_credentials_type_unresolved if {
	rs := rule.results with input as {"id": "/w", "datastores": {
		"status": "ok",
		"items": [{"id": "/d", "type": "t", "properties": {"credentials": {"credentialsType": null}}}],
		"unresolved": ["items[0].properties.credentials.credentialsType"],
	}}
	{[r.resource_id, r.status, r.message] | some r in rs} == {["/d", "unknown", "Could not resolve properties.credentials.credentialsType."]}
}
