package amlscan.rules.compute_node_public_ip_test

import rego.v1

import data.amlscan.rules.compute_node_public_ip as rule

compute(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "AmlCompute", "properties": props}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_no_public_ip_fail_default if {
	by_id1(rule.verdicts({"id": "/w", "computes": {"status": "ok", "items": [compute("/a", {"enableNodePublicIp": false}), compute("/b", {})]}})) == {"/a": "pass", "/b": "fail"}
}

test_fail_explicit_true if by_id1(rule.verdicts({"id": "/w", "computes": {"status": "ok", "items": [compute("/a", {"enableNodePublicIp": true})]}})) == {"/a": "fail"}

test_unknown_when_section_missing if by_id1(rule.verdicts({"id": "/w"})) == {"/w": "unknown"}
