package amlscan.rules.compute_local_auth_test

import rego.v1

import data.amlscan.rules.compute_local_auth as rule

compute(kind, props) := {"id": concat("", ["/c/", kind]), "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": object.union({"computeType": kind}, props)}

inp(items) := {"id": "/w", "computes": {"status": "ok", "items": items}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

test_pass_and_fail_per_compute if {
	by_id1(rule.verdicts(inp([compute("AmlCompute", {"disableLocalAuth": true}), compute("ComputeInstance", {})]))) == {"/c/AmlCompute": "pass", "/c/ComputeInstance": "fail"}
}

test_fail_when_false if by_id1(rule.verdicts(inp([compute("computeinstance", {"disableLocalAuth": false})]))) == {"/c/computeinstance": "fail"}

test_other_types_not_judged if count(rule.verdicts(inp([compute("Kubernetes", {})]))) == 0

test_unknown_when_computes_forbidden if {
	rs := rule.verdicts({"id": "/w", "computes": {"status": "forbidden", "message": "denied", "items": []}})
	by_id1(rs) == {"/w": "unknown"}
}
