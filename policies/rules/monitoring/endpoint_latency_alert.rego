# METADATA
# title: A metric alert fires on online endpoint latency
# description: >-
#   Slow or stalled scoring can be the first sign of an outage or of abuse, and the seed scenario
#   asks for alerts on high latency. Each online endpoint must be the scope of an enabled metric
#   alert on a request latency metric (RequestLatency or one of its percentiles). None exists by
#   default.
# custom:
#   id: AML-MON-003
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces/onlineEndpoints
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(6)(ii)"]
#     gdpr: ["32(1)(b)", "32(1)(d)"]
#   remediation:
#     text: Create a metric alert on the endpoint's request latency with an action group.
#     cli: az monitor metrics alert create --name alert-<endpoint>-latency --resource-group <rg> --scopes <endpoint-id> --condition "avg RequestLatency_P99 > 1500" --action <action-group-id>
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-monitor-online-endpoints"]
package amlscan.rules.monitoring.endpoint_latency_alert

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.online_endpoints

results contains lib.section_unknown(alerts, "metric_alerts", endpoint.id, endpoint.type) if {
	not alerts.status == "ok"
	some endpoint in lib.items(input.online_endpoints)
}

results contains lib.pass(
	endpoint,
	concat("", ["Endpoint latency is alerted on by: ", concat(", ", [lib.text(name) | some name in alerting(endpoint)]), "."]),
	evidence(endpoint),
) if {
	alerts.status == "ok"
	some endpoint in lib.items(input.online_endpoints)
	count(alerting(endpoint)) > 0
}

results contains lib.fail(endpoint, "No enabled metric alert watches this endpoint's request latency.", evidence(endpoint)) if {
	alerts.status == "ok"
	some endpoint in lib.items(input.online_endpoints)
	count(alerting(endpoint)) == 0
	count(maybe_alerting(endpoint)) == 0
}

# No resolved alert watches the endpoint, and one with unresolved settings might (IaC).
results contains lib.unknown(
	endpoint,
	concat("", [
		"No resolved metric alert watches this endpoint's request latency; the settings of ",
		concat(", ", [lib.text(name) | some name in maybe_alerting(endpoint)]), " could not be resolved.",
	]),
	evidence(endpoint),
) if {
	alerts.status == "ok"
	some endpoint in lib.items(input.online_endpoints)
	count(alerting(endpoint)) == 0
	count(maybe_alerting(endpoint)) > 0
}

alerts := object.get(input, "metric_alerts", null)

# [scope lower-cased, alert name] of each enabled alert (absent counts as enabled) on a request
# latency metric (RequestLatency or a percentile of it), read once for every endpoint. An alert
# whose settings are partly unresolved is not counted: unresolved is not absent.
latency_alerts := [[lower(scope), object.get(alert, "name", "?")] |
	some alert in lib.items(alerts)
	not unresolved(alert)
	not alert.properties.enabled == false
	some criterion in lib.arr(alert.properties.criteria.allOf)
	latency(criterion)
	some scope in lib.arr(alert.properties.scopes)
	is_string(scope)
]

latency(criterion) if {
	is_string(criterion.metricName)
	startswith(lower(criterion.metricName), "requestlatency")
}

# The names of the latency alerts scoped to the endpoint, sorted.
alerting(endpoint) := sort({name |
	is_string(endpoint.id)
	some [scope, name] in latency_alerts
	scope == lower(endpoint.id)
})

# The names of the alerts with unresolved settings that might watch the endpoint's latency: not
# disabled, a latency metric or an unresolved one, the endpoint or an unresolved scope.
maybe_alerting(endpoint) := sort({object.get(alert, "name", "?") |
	some alert in lib.items(alerts)
	unresolved(alert)
	not alert.properties.enabled == false
	maybe_latency(alert)
	maybe_scoped(alert, endpoint.id)
})

maybe_latency(alert) if lib.item_unresolved(alerts, alert, ["properties.criteria", criterion_path(0)])

maybe_latency(alert) if {
	some k, _ in lib.arr(alert.properties.criteria.allOf)
	lib.item_unresolved(alerts, alert, [criterion_path(k)])
}

maybe_latency(alert) if {
	some criterion in lib.arr(alert.properties.criteria.allOf)
	latency(criterion)
}

maybe_scoped(alert, _) if lib.item_unresolved(alerts, alert, ["properties.scopes"])

maybe_scoped(alert, _) if {
	some k, _ in lib.arr(alert.properties.scopes)
	lib.item_unresolved(alerts, alert, [scope_path(k)])
}

maybe_scoped(alert, id) if {
	some scope in lib.arr(alert.properties.scopes)
	lower(lib.text(scope)) == lower(lib.text(id))
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

evidence(endpoint) := [{
	"path": "metric_alerts[metricName=RequestLatency*, scope=endpoint]",
	"found": alerting(endpoint),
	"expected": "at least one enabled alert",
}]
