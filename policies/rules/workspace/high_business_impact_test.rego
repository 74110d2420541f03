package amlscan.rules.workspace.high_business_impact_test

import data.amlscan.lib
import data.amlscan.rules.workspace.high_business_impact as rule

ws2(tags, props) := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "tags": tags, "properties": props}

inp2(tags, props) := {"id": "/w", "workspace": {"status": "ok", "resource": ws2(tags, props)}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_regulated_and_hbi if status(rule.results) == "pass" with input as inp2({"Data-Classification": "PHI"}, {"hbiWorkspace": true})

test_pass_not_regulated if status(rule.results) == "pass" with input as inp2({"data-classification": "public"}, {})

test_fail_regulated_without_hbi if status(rule.results) == "fail" with input as inp2({"data-classification": "phi"}, {})

test_custom_tag_parameter if {
	p := object.union(lib.param_defaults, {"regulated_data_tag": "sensitivity", "regulated_data_values": ["high"]})
	status(rule.results) == "fail" with input as inp2({"sensitivity": "High"}, {"hbiWorkspace": false}) with data.amlscan.params as p
	status(rule.results) == "pass" with input as inp2({"data-classification": "phi"}, {"hbiWorkspace": false}) with data.amlscan.params as p
}

test_unknown_when_workspace_error if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "error", "message": "timeout"}}

test_unknown_when_regulated_and_hbi_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.hbiWorkspace"], "resource": ws2({"data-classification": "phi"}, {})}}

test_pass_not_regulated_even_when_hbi_unresolved if status(rule.results) == "pass" with input as {"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.hbiWorkspace"], "resource": ws2({}, {})}}

test_fail_tag_value_trimmed_any_case if {
	rs := rule.results with input as inp2({"DATA-CLASSIFICATION": " ePHI "}, {"hbiWorkspace": false})
	status(rs) == "fail"
	some r in rs
	some e in r.evidence
	e.path == "tags.data-classification"
	e.found == " ePHI "
}
