# METADATA
# title: Activity log alerts fire on workspace and role assignment changes
# description: >-
#   A change to the workspace (network, encryption, identity) or a new role assignment is the first
#   step of most data exfiltration paths and must reach someone quickly. The subscription must have
#   enabled activity log alerts, scoped to the workspace, its resource group or its subscription and
#   wired to an action group, on Microsoft.MachineLearningServices/workspaces write or delete
#   operations and on Microsoft.Authorization/roleAssignments write or delete operations. None exist
#   by default. Unknown when the subscription's alerts could not be read.
# custom:
#   id: AML-MON-001
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(6)(ii)", "164.312(b)"]
#     gdpr: ["32(1)(d)", "33(1)"]
#   remediation:
#     text: Create activity log alerts for workspace writes and deletes and for role assignment writes, with an action group that reaches the security team.
#     cli: az monitor activity-log alert create --name ala-mlw-write --resource-group <rg> --scope /subscriptions/<sub> --condition category=Administrative and operationName=Microsoft.MachineLearningServices/workspaces/write --action-group <action-group-id>
#   references:
#     docs: ["https://learn.microsoft.com/azure/azure-monitor/alerts/activity-log-alerts"]
package amlscan.rules.monitoring_activity_log_alerts

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_ala_verdict(_alerts_section(inp), ws)} if ws := lib.resource(inp.workspace)

_alerts_section(inp) := lib.field(lib.field(inp.context, "subscription", null), "activity_log_alerts", null)

_conditions(alert) := lib.arr(lib.prop(alert, ["properties", "condition", "allOf"]))

# The operation names an alert matches, lower-cased; its conditions are read once.
_equals(alert) := _equals_in(_conditions(alert))

_equals_in(conds) := ({lower(cond.equals) | some cond in conds; is_string(cond.equals)} | {lower(sub.equals) | some cond in conds; some sub in lib.arr(object.get(cond, "anyOf", [])); is_string(sub.equals)}) | {lower(v) | some cond in conds; some v in lib.arr(object.get(cond, "containsAny", [])); is_string(v)}

_in_scope(alert, ws) if {
	some scope in lib.arr(lib.prop(alert, ["properties", "scopes"]))
	is_string(scope)
	startswith(lower(ws.id), lower(scope))
}

_usable(alert, ws) if {
	lib.prop(alert, ["properties", "enabled"]) != false
	_in_scope(alert, ws)
	count(object.get(object.get(object.get(alert, "properties", {}), "actions", {}), "actionGroups", [])) > 0
}

_covers(equals, prefix) if {
	some op in ["write", "delete"]
	concat("", [prefix, "/", op]) in equals
}

_ws_prefix := "microsoft.machinelearningservices/workspaces"

_ra_prefix := "microsoft.authorization/roleassignments"

# Each alert list is computed once and passed down (rego-cpp does not memoise functions).
_ala_verdict(sec, ws) := lib.section_unknown(sec, "subscription.activity_log_alerts", ws.id, ws.type) if not lib.ok(sec)

_ala_verdict(sec, ws) := _ala_judge(ws, ws_names, ra_names) if {
	lib.ok(sec)
	usable := [{"name": object.get(a, "name", "?"), "equals": _equals(a)} | some a in lib.items(sec); _usable(a, ws)]
	ws_names := {u.name | some u in usable; _covers(u.equals, _ws_prefix)}
	ra_names := {u.name | some u in usable; _covers(u.equals, _ra_prefix)}
}

_ala_judge(ws, ws_names, ra_names) := lib.pass(ws, "Activity log alerts cover workspace and role assignment changes.", _ala_ev(ws_names, ra_names)) if {
	count(ws_names) > 0
	count(ra_names) > 0
} else := lib.fail(ws, concat("", ["No enabled activity log alert with an action group covers ", concat(" or ", missing), "."]), _ala_ev(ws_names, ra_names)) if {
	missing := [label |
		some pair in [["workspace changes", ws_names], ["role assignment changes", ra_names]]
		count(pair[1]) == 0
		label := pair[0]
	]
}

_ala_ev(ws_names, ra_names) := [
	lib.evidence("subscription.activity_log_alerts[workspace write/delete]", sort(ws_names), "at least one enabled alert with an action group"),
	lib.evidence("subscription.activity_log_alerts[roleAssignments write/delete]", sort(ra_names), "at least one enabled alert with an action group"),
]
