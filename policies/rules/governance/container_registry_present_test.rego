package amlscan.rules.governance.container_registry_present_test

import data.amlscan.rules.governance.container_registry_present as rule

ws(props) := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}

inp2(props, acr) := {"id": "/w", "workspace": {"status": "ok", "resource": ws(props)}, "container_registry": acr}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_with_registry if status(rule.results) == "pass" with input as inp2({"containerRegistry": "/acr"}, {"status": "ok", "resource": {"id": "/acr", "type": "Microsoft.ContainerRegistry/registries"}})

test_fail_without_registry if status(rule.results) == "fail" with input as inp2({}, {"status": "ok", "resource": null})

test_fail_registry_gone if status(rule.results) == "fail" with input as inp2({"containerRegistry": "/acr"}, {"status": "not_found", "resource": null})

test_unknown_registry_forbidden if status(rule.results) == "unknown" with input as inp2({"containerRegistry": "/acr"}, {"status": "forbidden", "resource": null})

test_unknown_workspace_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden"}}

# A snapshot without the section: unknown, naming the absent section. (OPA once fell through to the
# next branch here: a reference passed to a function under `not` must be defined on OPA.)
test_unknown_registry_section_absent if {
	some r in rule.results with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws({"containerRegistry": "/acr"})}}
	r.status == "unknown"
	contains(r.message, "section absent from snapshot")
}
