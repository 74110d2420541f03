package amlscan.rules.governance_required_tags_test

import rego.v1

import data.amlscan.lib
import data.amlscan.rules.governance_required_tags as rule

inp(tags) := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "tags": tags}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_all_tags_any_case if status(rule.verdicts(inp({"Environment": "prod", "cost-center": "1", "DATA-CLASSIFICATION": "phi"}))) == "pass"

test_fail_missing_and_empty if {
	rs := rule.verdicts(inp({"environment": "prod", "cost-center": " "}))
	status(rs) == "fail"
	some r in rs
	contains(r.message, "cost-center")
	contains(r.message, "data-classification")
}

test_fail_no_tags if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "T", "tags": null}}})) == "fail"

test_custom_required_tags if status(rule.verdicts_with(inp({"owner": "x"}), object.union(lib.param_defaults, {"required_tags": ["owner"]}))) == "pass"

test_unknown_when_workspace_unreadable if status(rule.verdicts({"id": "/w", "workspace": {"status": "error"}})) == "unknown"
