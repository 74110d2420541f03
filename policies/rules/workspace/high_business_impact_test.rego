package amlscan.rules.workspace_high_business_impact_test

import rego.v1

import data.amlscan.lib
import data.amlscan.rules.workspace_high_business_impact as rule

ws2(tags, props) := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "tags": tags, "properties": props}

inp2(tags, props) := {"id": "/w", "workspace": {"status": "ok", "resource": ws2(tags, props)}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_regulated_and_hbi if status(rule.verdicts(inp2({"Data-Classification": "PHI"}, {"hbiWorkspace": true}))) == "pass"

test_pass_not_regulated if status(rule.verdicts(inp2({"data-classification": "public"}, {}))) == "pass"

test_fail_regulated_without_hbi if status(rule.verdicts(inp2({"data-classification": "phi"}, {}))) == "fail"

test_custom_tag_parameter if {
	p := object.union(lib.param_defaults, {"regulated_data_tag": "sensitivity", "regulated_data_values": ["high"]})
	status(rule.verdicts_with(inp2({"sensitivity": "High"}, {"hbiWorkspace": false}), p)) == "fail"
	status(rule.verdicts_with(inp2({"data-classification": "phi"}, {"hbiWorkspace": false}), p)) == "pass"
}

test_unknown_when_workspace_error if status(rule.verdicts({"id": "/w", "workspace": {"status": "error", "message": "timeout"}})) == "unknown"

test_unknown_when_regulated_and_hbi_unresolved if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.hbiWorkspace"], "resource": ws2({"data-classification": "phi"}, {})}})) == "unknown"

test_pass_not_regulated_even_when_hbi_unresolved if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.hbiWorkspace"], "resource": ws2({}, {})}})) == "pass"

test_fail_tag_value_trimmed_any_case if {
	rs := rule.verdicts(inp2({"DATA-CLASSIFICATION": " ePHI "}, {"hbiWorkspace": false}))
	status(rs) == "fail"
	some r in rs
	some e in r.evidence
	e.path == "tags.data-classification"
	e.found == " ePHI "
}
