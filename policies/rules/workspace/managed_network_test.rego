package amlscan.rules.workspace.managed_network_test

import data.amlscan.rules.workspace.managed_network as rule

ws(props) := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}

approved := {"status": "ok", "items": [{"name": "pe", "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}]}

inp2(props, pecs) := {"id": "/w", "workspace": {"status": "ok", "resource": ws(props)}, "private_endpoint_connections": pecs}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_approved_outbound_any_case if status(rule.results) == "pass" with input as inp2({"managedNetwork": {"isolationMode": "allowOnlyApprovedOutbound"}}, {"status": "ok", "items": []})

test_fail_internet_outbound if status(rule.results) == "fail" with input as inp2({"managedNetwork": {"isolationMode": "AllowInternetOutbound"}}, approved)

test_fail_absent_without_private_networking if status(rule.results) == "fail" with input as inp2({}, {"status": "ok", "items": []})

test_fail_disabled_public_workspace if status(rule.results) == "fail" with input as inp2({"managedNetwork": {"isolationMode": "Disabled"}, "publicNetworkAccess": "Enabled"}, approved)

test_pass_disabled_with_private_networking if status(rule.results) == "pass" with input as inp2({"managedNetwork": {"isolationMode": "Disabled"}, "publicNetworkAccess": "Disabled"}, approved)

test_unknown_disabled_private_but_endpoints_unreadable if status(rule.results) == "unknown" with input as inp2({"publicNetworkAccess": "Disabled"}, {"status": "error", "message": "timeout"})

test_unknown_when_workspace_missing if status(rule.results) == "unknown" with input as {"id": "/w"}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.managedNetwork.isolationMode"], "resource": ws({})}}
