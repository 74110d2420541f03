package amlscan.rules.governance.environment_separation_test

import data.amlscan.rules.governance.environment_separation as rule

res(id, env) := {"status": "ok", "resource": {"id": id, "type": "T", "tags": {"environment": env}}}

inp2(ws_env, sa_env) := {
	"id": "/w",
	"workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "tags": {"Environment": ws_env}}},
	"storage_account": res("/sa", sa_env),
	"key_vault": {"status": "ok", "resource": {"id": "/kv", "type": "T", "tags": {}}},
}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_same_environment_synonyms if status(rule.results) == "pass" with input as inp2("production", "prod")

test_fail_prod_workspace_on_dev_storage if {
	rs := rule.results with input as inp2("production", "dev")
	status(rs) == "fail"
	some r in rs
	contains(r.message, "storage_account=dev")
}

test_fail_workspace_tagged_two_environments if status(rule.results) == "fail" with input as inp2("prod,dev", "prod")

test_unknown_without_environment_tag if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "T", "tags": {}}}}

test_unknown_when_workspace_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden"}}

# Missing evidence is never a pass: an associated resource that could not be read leaves it open.
test_unknown_when_an_associated_resource_could_not_be_read if {
	r := rule.results with input as object.union(inp2("production", "prod"), {"key_vault": {"status": "forbidden", "message": "AuthorizationFailed"}})
	status(r) == "unknown"
	some v in r
	contains(v.message, "key_vault")
}
