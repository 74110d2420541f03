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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace and the subscription's alerts are readable,
# else unknown naming the alerts section, else unknown naming the workspace. (An ok workspace
# section without a resource object gives no verdict, as before; the scanner reports that.)
# On rego-cpp every operator or built-in evaluated per alert or condition costs ~10 µs while a
# reference costs ~3 µs, so the per-alert work below leans on references (an absent property
# simply makes the reference undefined) and the checks are done once per alert.
verdicts(inp) := {_ala_verdict(ws, ws_names, ra_names)} if {
	inp.workspace.status == "ok"
	ws := inp.workspace.resource
	is_object(ws)
	sec := inp.context.subscription.activity_log_alerts
	sec.status == "ok"
	ws_id := lower(ws.id)

	# [name, allOf conditions] of each usable alert: enabled (absent counts as enabled), scoped to
	# the workspace, its resource group or its subscription, wired to an action group. (An alert
	# without conditions matches no operation, so it can be left out.)
	usable := [[object.get(a, "name", "?"), conds] |
		is_array(sec.items)
		some a in sec.items
		not a.properties.enabled == false
		scopes := a.properties.scopes
		is_array(scopes)
		some scope in scopes # several matching scopes repeat the alert: harmless, names are sets
		is_string(scope)
		startswith(ws_id, lower(scope))
		groups := a.properties.actions.actionGroups
		type_name(groups) in {"array", "object", "string"} # the types count() takes
		count(groups) > 0
		conds := a.properties.condition.allOf
		is_array(conds)
	]

	# [alert name, operation name lower-cased] for the operation names the conditions match:
	# equals, anyOf[].equals and containsAny[].
	matched := array.flatten([
		[[u[0], lower(c.equals)] | some u in usable; some c in u[1]; is_string(c.equals)],
		[[u[0], lower(sub.equals)] | some u in usable; some c in u[1]; is_array(c.anyOf); some sub in c.anyOf; is_string(sub.equals)],
		[[u[0], lower(v)] | some u in usable; some c in u[1]; is_array(c.containsAny); some v in c.containsAny; is_string(v)],
	])
	ws_names := {m[0] | some m in matched; _ala_ws_ops[m[1]]}
	ra_names := {m[0] | some m in matched; _ala_ra_ops[m[1]]}
} else := {lib.section_unknown(
	lib.field(lib.field(inp.context, "subscription", null), "activity_log_alerts", null),
	"subscription.activity_log_alerts", ws.id, ws.type,
)} if {
	ws := lib.resource(inp.workspace)
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

# Looked up by reference (cheaper than `in`).
_ala_ws_ops := {"microsoft.machinelearningservices/workspaces/write", "microsoft.machinelearningservices/workspaces/delete"}

_ala_ra_ops := {"microsoft.authorization/roleassignments/write", "microsoft.authorization/roleassignments/delete"}

_ala_verdict(ws, ws_names, ra_names) := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "evidence": _ala_ev(ws_names, ra_names),
	"message": "Activity log alerts cover workspace and role assignment changes.",
} if {
	count(ws_names) > 0
	count(ra_names) > 0
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": _ala_ev(ws_names, ra_names),
	"message": concat("", ["No enabled activity log alert with an action group covers ", concat(" or ", missing), "."]),
} if {
	missing := [pair[0] |
		some pair in [["workspace changes", ws_names], ["role assignment changes", ra_names]]
		count(pair[1]) == 0
	]
}

_ala_ev(ws_names, ra_names) := [
	{"path": "subscription.activity_log_alerts[workspace write/delete]", "found": sort(ws_names), "expected": "at least one enabled alert with an action group"},
	{"path": "subscription.activity_log_alerts[roleAssignments write/delete]", "found": sort(ra_names), "expected": "at least one enabled alert with an action group"},
]
