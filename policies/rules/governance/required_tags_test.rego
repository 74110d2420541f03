package amlscan.rules.governance.required_tags_test

import data.amlscan.lib
import data.amlscan.rules.governance.required_tags as rule

inp(tags) := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "tags": tags}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_all_tags_any_case if status(rule.results) == "pass" with input as inp({"Environment": "prod", "cost-center": "1", "DATA-CLASSIFICATION": "phi"})

test_fail_missing_and_empty if {
	rs := rule.results with input as inp({"environment": "prod", "cost-center": " "})
	status(rs) == "fail"
	some r in rs
	contains(r.message, "cost-center")
	contains(r.message, "data-classification")
}

test_fail_no_tags if status(rule.results) == "fail" with input as {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "T", "tags": null}}}

test_custom_required_tags if status(rule.results) == "pass" with input as inp({"owner": "x"}) with data.amlscan.params as object.union(lib.param_defaults, {"required_tags": ["owner"]})

test_unknown_when_workspace_unreadable if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "error"}}
