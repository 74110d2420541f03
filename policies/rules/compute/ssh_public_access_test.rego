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

ssh_unresolved(items, paths) := {"id": "/w", "computes": {"status": "ok", "items": items, "unresolved": paths}}

ssh_cluster(id, remote) := {"id": id, "type": "t", "properties": {"computeType": "AmlCompute", "properties": {"remoteLoginPortPublicAccess": remote, "subnet": {"id": null}}}}

test_unknown_when_a_deciding_setting_unresolved if {
	rs := rule.results with input as ssh_unresolved(
		[
			{"id": "/i", "type": "t", "properties": {"computeType": "ComputeInstance", "properties": {"sshSettings": {"sshPublicAccess": null}}}},
			ssh_cluster("/r", null),
			ssh_cluster("/n", "NotSpecified"),
		],
		["items[0].properties.properties.sshSettings.sshPublicAccess", "items[1].properties.properties.remoteLoginPortPublicAccess", "items[2].properties.properties.subnet.id"],
	)
	{[r.resource_id, r.status, r.message] | some r in rs} == {
		["/i", "unknown", "Could not resolve properties.properties.sshSettings.sshPublicAccess."],
		["/r", "unknown", "Could not resolve properties.properties.remoteLoginPortPublicAccess."],
		["/n", "unknown", "Could not resolve properties.properties.subnet.id."],
	}
}

# The subnet decides only when the setting is neither Enabled nor Disabled.
test_unresolved_subnet_does_not_change_a_decided_verdict if {
	rs := rule.results with input as ssh_unresolved(
		[ssh_cluster("/d", "Disabled"), ssh_cluster("/e", "Enabled")],
		["items[0].properties.properties.subnet.id", "items[1].properties.properties.subnet.id"],
	)
	{[r.resource_id, r.status] | some r in rs} == {["/d", "pass"], ["/e", "fail"]}
}
