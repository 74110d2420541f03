package amlscan.rules.workspace_managed_network_test

import rego.v1

import data.amlscan.rules.workspace_managed_network as rule

ws(props) := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}

approved := {"status": "ok", "items": [{"name": "pe", "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}]}

inp2(props, pecs) := {"id": "/w", "workspace": {"status": "ok", "resource": ws(props)}, "private_endpoint_connections": pecs}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_approved_outbound_any_case if status(rule.verdicts(inp2({"managedNetwork": {"isolationMode": "allowOnlyApprovedOutbound"}}, {"status": "ok", "items": []}))) == "pass"

test_fail_internet_outbound if status(rule.verdicts(inp2({"managedNetwork": {"isolationMode": "AllowInternetOutbound"}}, approved))) == "fail"

test_fail_absent_without_private_networking if status(rule.verdicts(inp2({}, {"status": "ok", "items": []}))) == "fail"

test_fail_disabled_public_workspace if status(rule.verdicts(inp2({"managedNetwork": {"isolationMode": "Disabled"}, "publicNetworkAccess": "Enabled"}, approved))) == "fail"

test_pass_disabled_with_private_networking if status(rule.verdicts(inp2({"managedNetwork": {"isolationMode": "Disabled"}, "publicNetworkAccess": "Disabled"}, approved))) == "pass"

test_unknown_disabled_private_but_endpoints_unreadable if status(rule.verdicts(inp2({"publicNetworkAccess": "Disabled"}, {"status": "error", "message": "timeout"}))) == "unknown"

test_unknown_when_workspace_missing if status(rule.verdicts({"id": "/w"})) == "unknown"

test_unknown_when_unresolved if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.managedNetwork.isolationMode"], "resource": ws({})}})) == "unknown"
