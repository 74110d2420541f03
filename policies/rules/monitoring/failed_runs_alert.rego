# METADATA
# title: A metric alert fires on failed runs in the workspace
# description: >-
#   Failed training or pipeline runs can mean broken data feeds, tampered inputs or abuse of compute,
#   and the seed scenario asks for alerts on them. An enabled metric alert scoped to the workspace
#   must watch the Failed Runs metric. None exists by default. Log-search (scheduled query) alerts
#   are not collected and do not count.
# custom:
#   id: AML-MON-002
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(6)(ii)"]
#     gdpr: ["32(1)(d)"]
#   remediation:
#     text: Create a metric alert on the workspace's Failed Runs metric with an action group.
#     cli: az monitor metrics alert create --name alert-<workspace>-failed-runs --resource-group <rg> --scopes <workspace-id> --condition "total Failed Runs > 0" --action <action-group-id>
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning"]
package amlscan.rules.monitoring_failed_runs_alert

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace and its metric alerts are readable, else
# unknown naming the alerts section, else unknown naming the workspace. (An ok workspace section
# without a resource object gives no verdict, as before.) The alert names are computed once.
verdicts(inp) := {_fr_verdict(ws, found, [{"path": "metric_alerts[metricName=Failed Runs, scope=workspace]", "found": found, "expected": "at least one enabled alert"}])} if {
	inp.workspace.status == "ok"
	ws := inp.workspace.resource
	is_object(ws)
	sec := inp.metric_alerts
	sec.status == "ok"
	ws_id := lower(ws.id)

	# Enabled (absent counts as enabled) alerts scoped to the workspace on its Failed Runs metric;
	# references rather than object.get: an absent property makes them undefined, as it should.
	found := sort({object.get(a, "name", "?") |
		is_array(sec.items)
		some a in sec.items
		not a.properties.enabled == false
		crits := a.properties.criteria.allOf
		is_array(crits)
		some crit in crits
		is_string(crit.metricName)
		lower(crit.metricName) == "failed runs"
		scopes := a.properties.scopes
		is_array(scopes)
		some scope in scopes
		is_string(scope)
		lower(scope) == ws_id
	})
} else := {lib.section_unknown(lib.section(inp, "metric_alerts"), "metric_alerts", ws.id, ws.type)} if {
	ws := lib.resource(inp.workspace)
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

_fr_verdict(ws, found, ev) := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": concat("", ["Failed runs are alerted on by: ", concat(", ", [lib.text(n) | some n in found]), "."]),
} if {
	count(found) > 0
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "No enabled metric alert watches the workspace's Failed Runs metric.",
}
