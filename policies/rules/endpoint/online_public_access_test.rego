package amlscan.rules.endpoint_online_public_access_test

import rego.v1

import data.amlscan.rules.endpoint_online_public_access as rule

ep(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "properties": props}

statuses(rs) := {r.resource_id: r.status | some r in rs}

test_pass_fail_default if {
	statuses(rule.verdicts({"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/a", {"publicNetworkAccess": "disabled"}), ep("/b", {"publicNetworkAccess": "Enabled"}), ep("/c", {})]}})) == {"/a": "pass", "/b": "fail", "/c": "fail"}
}

test_no_endpoints_no_result if count(rule.verdicts({"id": "/w", "online_endpoints": {"status": "ok", "items": []}})) == 0

test_unknown_when_forbidden if statuses(rule.verdicts({"id": "/w", "online_endpoints": {"status": "forbidden"}})) == {"/w": "unknown"}

test_fail_message_names_the_setting if {
	rs := rule.verdicts({"id": "/w", "online_endpoints": {"status": "ok", "items": [ep("/b", {"publicNetworkAccess": "Enabled"})]}})
	some r in rs
	r.message == "The endpoint accepts requests from the internet (publicNetworkAccess Enabled; absent means Enabled)."
}
