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
package amlscan.rules.monitoring.failed_runs_alert

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(alerts, "metric_alerts", lib.workspace.id, lib.workspace.type) if {
	not alerts.status == "ok"
}

results contains lib.pass(
	lib.workspace,
	concat("", ["Failed runs are alerted on by: ", concat(", ", [lib.text(name) | some name in alerting]), "."]),
	evidence,
) if {
	count(alerting) > 0
}

results contains lib.fail(lib.workspace, "No enabled metric alert watches the workspace's Failed Runs metric.", evidence) if {
	alerts.status == "ok"
	count(alerting) == 0
	count(maybe_alerting) == 0
}

# No resolved alert watches the metric, and one with unresolved settings might (IaC).
results contains lib.unknown(
	lib.workspace,
	concat("", [
		"No resolved metric alert watches the workspace's Failed Runs metric; the settings of ",
		concat(", ", [lib.text(name) | some name in maybe_alerting]), " could not be resolved.",
	]),
	evidence,
) if {
	alerts.status == "ok"
	count(alerting) == 0
	count(maybe_alerting) > 0
}

alerts := object.get(input, "metric_alerts", null)

# The names of the enabled alerts (absent counts as enabled) scoped to the workspace on its Failed
# Runs metric, sorted. An alert whose settings are partly unresolved is not counted: unresolved is
# not absent.
alerting := sort({object.get(alert, "name", "?") |
	some alert in lib.items(alerts)
	not unresolved(alert)
	not alert.properties.enabled == false
	some criterion in lib.arr(alert.properties.criteria.allOf)
	lib.eq_ci(criterion.metricName, "Failed Runs")
	some scope in lib.arr(alert.properties.scopes)
	lib.eq_ci(scope, lib.workspace.id)
})

# The names of the alerts with unresolved settings that might watch the metric: not disabled, the
# metric or an unresolved one, the workspace or an unresolved scope.
maybe_alerting := sort({object.get(alert, "name", "?") |
	some alert in lib.items(alerts)
	unresolved(alert)
	not alert.properties.enabled == false
	maybe_failed_runs(alert)
	maybe_scoped(alert)
})

maybe_failed_runs(alert) if lib.item_unresolved(alerts, alert, ["properties.criteria", criterion_path(0)])

maybe_failed_runs(alert) if {
	some k, _ in lib.arr(alert.properties.criteria.allOf)
	lib.item_unresolved(alerts, alert, [criterion_path(k)])
}

maybe_failed_runs(alert) if {
	some criterion in lib.arr(alert.properties.criteria.allOf)
	lib.eq_ci(criterion.metricName, "Failed Runs")
}

maybe_scoped(alert) if lib.item_unresolved(alerts, alert, ["properties.scopes"])

maybe_scoped(alert) if {
	some k, _ in lib.arr(alert.properties.scopes)
	lib.item_unresolved(alerts, alert, [scope_path(k)])
}

maybe_scoped(alert) if {
	some scope in lib.arr(alert.properties.scopes)
	lib.eq_ci(scope, lib.workspace.id)
}

# An alert whose enabled flag, metric names or scopes are unresolved (IaC).
unresolved(alert) if lib.item_unresolved(alerts, alert, ["properties.enabled", "properties.criteria", criterion_path(0), "properties.scopes"])

unresolved(alert) if {
	some k, _ in lib.arr(alert.properties.criteria.allOf)
	lib.item_unresolved(alerts, alert, [criterion_path(k)])
}

unresolved(alert) if {
	some k, _ in lib.arr(alert.properties.scopes)
	lib.item_unresolved(alerts, alert, [scope_path(k)])
}

# The metric name of the k-th criterion (for k 0 also covered by an unresolved allOf as a whole).
criterion_path(k) := concat("", ["properties.criteria.allOf[", format_int(k, 10), "].metricName"])

scope_path(k) := concat("", ["properties.scopes[", format_int(k, 10), "]"])

evidence := [{
	"path": "metric_alerts[metricName=Failed Runs, scope=workspace]",
	"found": alerting,
	"expected": "at least one enabled alert",
}]
