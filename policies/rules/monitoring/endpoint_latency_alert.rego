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
#     hipaa: ["164.308(a)(7)(ii)(B)", "164.308(a)(1)(ii)(D)"]
#     gdpr: ["32(1)(b)", "32(1)(d)"]
#   remediation:
#     text: Create a metric alert on the endpoint's request latency with an action group.
#     cli: az monitor metrics alert create --name alert-<endpoint>-latency --resource-group <rg> --scopes <endpoint-id> --condition "avg RequestLatency_P99 > 1500" --action <action-group-id>
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-monitor-online-endpoints"]
package amlscan.rules.monitoring_endpoint_latency_alert

import rego.v1

import data.amlscan.lib

results := verdicts(input)

_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"

verdicts(inp) := {lib.list_unknown(inp, "online_endpoints", _type)} if not lib.ok(lib.section(inp, "online_endpoints"))

verdicts(inp) := {_verdict(lib.section(inp, "metric_alerts"), e) | some e in lib.items(lib.section(inp, "online_endpoints"))} if {
	lib.ok(lib.section(inp, "online_endpoints"))
}

_names(sec, e) := {object.get(a, "name", "?") |
	some a in lib.items(sec)
	lib.prop(a, ["properties", "enabled"]) != false
	some scope in lib.arr(lib.prop(a, ["properties", "scopes"]))
	lib.eq_ci(scope, e.id)
	some crit in lib.arr(lib.prop(a, ["properties", "criteria", "allOf"]))
	startswith(lower(object.get(crit, "metricName", "")), "requestlatency")
}

_ev2(sec, e) := [lib.evidence("metric_alerts[metricName=RequestLatency*, scope=endpoint]", sort(_names(sec, e)), "at least one enabled alert")]

_verdict(sec, e) := lib.section_unknown(sec, "metric_alerts", e.id, e.type) if not lib.ok(sec)

_verdict(sec, e) := lib.pass(e, concat("", ["Endpoint latency is alerted on by: ", concat(", ", sort(_names(sec, e))), "."]), _ev2(sec, e)) if count(_names(sec, e)) > 0

_verdict(sec, e) := lib.fail(e, "No enabled metric alert watches this endpoint's request latency.", _ev2(sec, e)) if {
	lib.ok(sec)
	count(_names(sec, e)) == 0
}
