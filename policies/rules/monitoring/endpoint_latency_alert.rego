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
}

alerts := object.get(input, "metric_alerts", null)

# [scope lower-cased, alert name] of each enabled alert (absent counts as enabled) on a request
# latency metric (RequestLatency or a percentile of it), read once for every endpoint.
latency_alerts := [[lower(scope), object.get(alert, "name", "?")] |
	some alert in lib.items(alerts)
	not alert.properties.enabled == false
	some criterion in lib.arr(alert.properties.criteria.allOf)
	is_string(criterion.metricName)
	startswith(lower(criterion.metricName), "requestlatency")
	some scope in lib.arr(alert.properties.scopes)
	is_string(scope)
]

# The names of the latency alerts scoped to the endpoint, sorted.
alerting(endpoint) := sort({name |
	is_string(endpoint.id)
	some [scope, name] in latency_alerts
	scope == lower(endpoint.id)
})

evidence(endpoint) := [{
	"path": "metric_alerts[metricName=RequestLatency*, scope=endpoint]",
	"found": alerting(endpoint),
	"expected": "at least one enabled alert",
}]
