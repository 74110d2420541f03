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
package amlscan.rules.monitoring.activity_log_alerts

import data.amlscan.lib

# Activity log alerts live in the subscription (input.context.subscription.activity_log_alerts).

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(alerts, "subscription.activity_log_alerts", lib.workspace.id, lib.workspace.type) if {
	not alerts.status == "ok"
}

results contains lib.pass(lib.workspace, "Activity log alerts cover workspace and role assignment changes.", evidence) if {
	alerts.status == "ok"
	count(covering.workspace) > 0
	count(covering.role_assignments) > 0
}

results contains lib.fail(
	lib.workspace,
	concat("", ["No enabled activity log alert with an action group covers ", concat(" or ", missing), "."]),
	evidence,
) if {
	alerts.status == "ok"
	missing := [label |
		some [kind, label] in [["workspace", "workspace changes"], ["role_assignments", "role assignment changes"]]
		count(covering[kind]) == 0
	]
	count(missing) > 0
}

alerts := lib.field(lib.field(input.context, "subscription", null), "activity_log_alerts", null)

# [name, allOf conditions] of each usable alert: enabled (absent counts as enabled), scoped to the
# workspace, its resource group or its subscription, wired to an action group. (An alert without
# conditions matches no operation, so it is left out.)
usable := [[object.get(alert, "name", "?"), conditions] |
	some alert in lib.items(alerts)
	not alert.properties.enabled == false
	some scope in lib.arr(alert.properties.scopes) # several matching scopes repeat the alert: names are sets
	is_string(scope)
	startswith(lower(lib.workspace.id), lower(scope))
	groups := alert.properties.actions.actionGroups
	type_name(groups) in {"array", "object", "string"} # the types count() takes
	count(groups) > 0
	conditions := alert.properties.condition.allOf
	is_array(conditions)
]

# [alert name, operation name lower-cased] for the operation names the conditions match: equals,
# anyOf[].equals and containsAny[].
matched contains [name, lower(condition.equals)] if {
	some [name, conditions] in usable
	some condition in conditions
	is_string(condition.equals)
}

matched contains [name, lower(alternative.equals)] if {
	some [name, conditions] in usable
	some condition in conditions
	some alternative in lib.arr(condition.anyOf)
	is_string(alternative.equals)
}

matched contains [name, lower(operation)] if {
	some [name, conditions] in usable
	some condition in conditions
	some operation in lib.arr(condition.containsAny)
	is_string(operation)
}

# The names of the alerts covering each kind of change.
covering[kind] := {name | some [name, operation] in matched; operation in operations} if {
	some kind, operations in watched
}

watched := {
	"workspace": {"microsoft.machinelearningservices/workspaces/write", "microsoft.machinelearningservices/workspaces/delete"},
	"role_assignments": {"microsoft.authorization/roleassignments/write", "microsoft.authorization/roleassignments/delete"},
}

evidence := [
	{
		"path": "subscription.activity_log_alerts[workspace write/delete]",
		"found": sort(covering.workspace),
		"expected": "at least one enabled alert with an action group",
	},
	{
		"path": "subscription.activity_log_alerts[roleAssignments write/delete]",
		"found": sort(covering.role_assignments),
		"expected": "at least one enabled alert with an action group",
	},
]
