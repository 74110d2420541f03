package amlscan.rules.monitoring.activity_log_alerts_test

import data.amlscan.rules.monitoring.activity_log_alerts as rule

ws := {"id": "/subscriptions/S/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w", "type": "Microsoft.MachineLearningServices/workspaces"}

alert(name, op, scope, enabled) := {"name": name, "properties": {"enabled": enabled, "scopes": [scope], "condition": {"allOf": [{"field": "category", "equals": "Administrative"}, {"field": "operationName", "equals": op}]}, "actions": {"actionGroups": [{"actionGroupId": "/ag"}]}}}

inp(sec) := {"id": ws.id, "workspace": {"status": "ok", "resource": ws}, "context": {"subscription": {"subscription_id": "s", "activity_log_alerts": sec}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_both_alerts if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [
	alert("a", "Microsoft.MachineLearningServices/workspaces/write", "/subscriptions/s", true),
	alert("b", "Microsoft.Authorization/roleAssignments/write", "/subscriptions/s/resourceGroups/RG", true),
]})

test_fail_role_alert_missing if {
	rs := rule.results with input as inp({"status": "ok", "items": [alert("a", "Microsoft.MachineLearningServices/workspaces/delete", "/subscriptions/s", true)]})
	status(rs) == "fail"
	some r in rs
	contains(r.message, "role assignment changes")
}

test_fail_disabled_or_other_scope if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [
	alert("a", "Microsoft.MachineLearningServices/workspaces/write", "/subscriptions/other", true),
	alert("b", "Microsoft.Authorization/roleAssignments/write", "/subscriptions/s", false),
]})

test_unknown_when_forbidden if status(rule.results) == "unknown" with input as inp({"status": "forbidden", "message": "denied", "items": []})

test_unknown_without_subscription_context if status(rule.results) == "unknown" with input as {"id": ws.id, "workspace": {"status": "ok", "resource": ws}, "context": {"subscription": null}}

test_pass_any_of_and_contains_any if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [
	{"name": "a", "properties": {"scopes": ["/SUBSCRIPTIONS/S"], "condition": {"allOf": [{"anyOf": [{"field": "operationName", "equals": "microsoft.machinelearningservices/workspaces/DELETE"}]}]}, "actions": {"actionGroups": [{"actionGroupId": "/ag"}]}}},
	{"name": "b", "properties": {"scopes": ["/subscriptions/s"], "condition": {"allOf": [{"field": "operationName", "containsAny": ["Microsoft.Authorization/roleAssignments/delete"]}]}, "actions": {"actionGroups": [{"actionGroupId": "/ag"}]}}},
]})

test_fail_without_action_group if {
	rs := rule.results with input as inp({"status": "ok", "items": [
		object.union(alert("a", "Microsoft.MachineLearningServices/workspaces/write", "/subscriptions/s", true), {"properties": {"actions": {"actionGroups": []}}}),
		alert("b", "Microsoft.Authorization/roleAssignments/write", "/subscriptions/s", true),
	]})
	status(rs) == "fail"
	some r in rs
	r.message == "No enabled activity log alert with an action group covers workspace changes."
	some e in r.evidence
	e.path == "subscription.activity_log_alerts[roleAssignments write/delete]"
	e.found == ["b"]
}

test_unknown_when_workspace_unreadable if {
	rs := rule.results with input as {"id": ws.id, "workspace": {"status": "forbidden", "message": "denied"}, "context": {"subscription": null}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == ws.id
}

# actionGroups of a type count() refuses (null, a number, a boolean) wires the alert to nothing.
test_fail_alert_with_action_groups_null if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [
	object.union(alert("a", "Microsoft.MachineLearningServices/workspaces/write", "/subscriptions/s", true), {"properties": {"actions": {"actionGroups": null}}}),
	alert("b", "Microsoft.Authorization/roleAssignments/write", "/subscriptions/s", true),
]})
