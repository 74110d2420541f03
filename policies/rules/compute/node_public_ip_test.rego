package amlscan.rules.compute.node_public_ip_test

import data.amlscan.rules.compute.node_public_ip as rule

compute(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": "AmlCompute", "properties": props}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_no_public_ip_fail_default if {
	by_id1(rule.results) == {"/a": "pass", "/b": "fail"} with input as {"id": "/w", "computes": {"status": "ok", "items": [compute("/a", {"enableNodePublicIp": false}), compute("/b", {})]}}
}

test_fail_explicit_true if by_id1(rule.results) == {"/a": "fail"} with input as {"id": "/w", "computes": {"status": "ok", "items": [compute("/a", {"enableNodePublicIp": true})]}}

test_unknown_when_section_missing if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w"}
