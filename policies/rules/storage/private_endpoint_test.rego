package amlscan.rules.storage.private_endpoint_test

import data.amlscan.rules.storage.private_endpoint as rule

account := {"status": "ok", "resource": {"id": "/S", "type": "Microsoft.Storage/storageAccounts", "properties": {"publicNetworkAccess": "Disabled", "networkAcls": {"defaultAction": "Deny"}}}}

connection(name, state) := {"name": name, "properties": {"privateLinkServiceConnectionState": {"status": state, "actionRequired": "None"}}}

inp(section) := {"id": "/w", "storage_account": account, "associated_private_endpoint_connections": {"/s": section}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_with_an_approved_connection if {
	rs := rule.results with input as inp({"status": "ok", "items": [connection("pe-file", "Pending"), connection("pe-blob", "Approved")]})
	status(rs) == "pass"
	some r in rs
	r.message == "Approved private endpoint connection(s) of the storage account: pe-blob."
	r.evidence[0].found == ["Pending", "Approved"]
}

# Public network access disabled and a firewall that denies: still no private endpoint.
test_fail_firewall_only if {
	rs := rule.results with input as inp({"status": "ok", "items": []})
	status(rs) == "fail"
	some r in rs
	r.resource_id == "/S"
	contains(r.message, "whatever its firewall allows")
}

test_fail_only_pending_or_rejected if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [connection("a", "Pending"), connection("b", "Rejected")]})

test_unknown_when_connections_forbidden if {
	rs := rule.results with input as inp({"status": "forbidden", "message": "AuthorizationFailed", "items": []})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/S"
	r.message == "associated_private_endpoint_connections could not be collected (forbidden): AuthorizationFailed"
}

test_unknown_when_connections_missing if status(rule.results) == "unknown" with input as {"id": "/w", "storage_account": account}

test_unknown_when_account_not_found if {
	rs := rule.results with input as {"id": "/w", "storage_account": {"status": "not_found", "resource_id": "/S", "message": "gone"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/S"
}

test_no_result_when_nothing_linked if count(rule.results) == 0 with input as {"id": "/w", "storage_account": {"status": "ok", "resource": null}}
