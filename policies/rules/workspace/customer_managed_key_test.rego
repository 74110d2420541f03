package amlscan.rules.workspace.customer_managed_key_test

import data.amlscan.rules.workspace.customer_managed_key as rule

ws(props) := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}

cmk := {"status": "Enabled", "keyVaultProperties": {"keyVaultArmId": "/kv", "keyIdentifier": "https://kv.vault.azure.net/keys/k/1"}}

test_pass_with_cmk if {
	rs := rule.results with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws({"encryption": cmk})}}
	count(rs) == 1
	some r in rs
	r.status == "pass"
}

test_fail_when_encryption_absent if {
	rs := rule.results with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws({})}}
	count(rs) == 1
	some r in rs
	r.status == "fail"
	contains(r.message, "Microsoft-managed")
}

test_fail_when_disabled_any_case if {
	rs := rule.results with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws({"encryption": {"status": "disabled"}})}}
	some r in rs
	r.status == "fail"
}

test_fail_when_enabled_without_key if {
	rs := rule.results with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws({"encryption": {"status": "Enabled", "keyVaultProperties": {}}})}}
	count(rs) == 1
	some r in rs
	r.status == "fail"
	contains(r.message, "no key identifier")
}

test_unknown_when_workspace_not_collected if {
	rs := rule.results with input as {"id": "/w", "workspace": {"status": "error", "message": "timeout", "resource": null}}
	some r in rs
	r.status == "unknown"
}

test_unknown_when_key_unresolved if {
	rs := rule.results with input as {"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.encryption.keyVaultProperties.keyIdentifier"], "resource": ws({"encryption": {"status": "Enabled"}})}}
	count(rs) == 1
	some r in rs
	r.status == "unknown"
}

# An AI Foundry project takes its encryption from its hub, which Azure Policy judges instead.
project(kind, props) := {"id": "/w", "workspace": {"status": "ok", "resource": object.union(ws(props), {"kind": kind})}}

hub_id := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/hub"

test_unknown_for_a_project_naming_its_hub if {
	rs := rule.results with input as project("Project", {"hubResourceId": hub_id})
	count(rs) == 1
	some r in rs
	r.status == "unknown"
	contains(r.message, hub_id)
	r.evidence[1] == {"path": "properties.hubResourceId", "found": hub_id, "expected": "the hub, judged in its own entry"}
}

test_unknown_for_a_project_whatever_its_own_encryption_says if {
	some r in rule.results with input as project("project", {"hubResourceId": hub_id, "encryption": cmk})
	r.status == "unknown"
}

test_a_hub_is_judged if {
	some r in rule.results with input as project("Hub", {})
	r.status == "fail"
}

test_unknown_when_the_kind_is_unresolved if {
	doc := {"id": "/w", "workspace": {"status": "ok", "unresolved": ["kind"], "resource": ws({})}}
	rs := rule.results with input as doc
	count(rs) == 1
	some r in rs
	r.status == "unknown"
	r.message == "Could not resolve kind."
}
