package amlscan.rules.compute.ssh_public_access_test

import data.amlscan.rules.compute.ssh_public_access as rule

compute3(name, kind, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "properties": {"computeType": kind, "properties": props}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

inp(items) := {"id": "/w", "computes": {"status": "ok", "items": items}}

test_compute_instances if {
	by_id1(rule.results) == {"/ci1": "fail", "/ci2": "pass", "/ci3": "pass"} with input as inp([
		compute3("/ci1", "ComputeInstance", {"sshSettings": {"sshPublicAccess": "enabled"}}),
		compute3("/ci2", "ComputeInstance", {}),
		compute3("/ci3", "ComputeInstance", {"sshSettings": {"sshPublicAccess": "Disabled"}}),
	])
}

test_clusters if {
	by_id1(rule.results) == {"/c1": "fail", "/c2": "fail", "/c3": "pass", "/c4": "pass"} with input as inp([
		compute3("/c1", "AmlCompute", {"remoteLoginPortPublicAccess": "Enabled", "subnet": {"id": "/s"}}),
		compute3("/c2", "AmlCompute", {"remoteLoginPortPublicAccess": "NotSpecified"}),
		compute3("/c3", "AmlCompute", {"remoteLoginPortPublicAccess": "NotSpecified", "subnet": {"id": "/s"}}),
		compute3("/c4", "AmlCompute", {"remoteLoginPortPublicAccess": "Disabled"}),
	])
}

test_unknown_when_forbidden if by_id1(rule.results) == {"/w": "unknown"} with input as {"id": "/w", "computes": {"status": "forbidden"}}

test_kind_any_case_and_other_kinds_ignored if {
	by_id1(rule.results) == {"/c1": "pass", "/ci1": "fail"} with input as inp([
		compute3("/c1", "amlcompute", {"remoteLoginPortPublicAccess": "disabled"}),
		compute3("/ci1", "COMPUTEINSTANCE", {"sshSettings": {"sshPublicAccess": "ENABLED"}}),
		compute3("/k1", "Kubernetes", {}),
	])
}

test_cluster_blank_subnet_fails if by_id1(rule.results) == {"/c1": "fail"} with input as inp([compute3("/c1", "AmlCompute", {"subnet": {"id": " "}})])

test_no_result_without_computes if count(rule.results) == 0 with input as inp([])
