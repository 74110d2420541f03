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

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(lib.section(inp, "metric_alerts"), ws)} if ws := lib.resource(inp.workspace)

_names(sec, ws) := {object.get(a, "name", "?") |
	some a in lib.items(sec)
	lib.prop(a, ["properties", "enabled"]) != false
	some scope in lib.arr(lib.prop(a, ["properties", "scopes"]))
	lib.eq_ci(scope, ws.id)
	some crit in lib.arr(lib.prop(a, ["properties", "criteria", "allOf"]))
	lib.eq_ci(object.get(crit, "metricName", ""), "Failed Runs")
}

_ev2(sec, ws) := [lib.evidence("metric_alerts[metricName=Failed Runs, scope=workspace]", sort(_names(sec, ws)), "at least one enabled alert")]

_verdict(sec, ws) := lib.section_unknown(sec, "metric_alerts", ws.id, ws.type) if not lib.ok(sec)

_verdict(sec, ws) := lib.pass(ws, concat("", ["Failed runs are alerted on by: ", concat(", ", sort(_names(sec, ws))), "."]), _ev2(sec, ws)) if count(_names(sec, ws)) > 0

_verdict(sec, ws) := lib.fail(ws, "No enabled metric alert watches the workspace's Failed Runs metric.", _ev2(sec, ws)) if {
	lib.ok(sec)
	count(_names(sec, ws)) == 0
}
