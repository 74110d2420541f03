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
package amlscan.rules.monitoring_endpoint_latency_alert

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"

# One definition: a verdict per endpoint when endpoints and metric alerts are readable, else an
# unknown per endpoint naming the alerts section, else the endpoints section's unknown. The
# latency alerts are read once per workspace, not once per endpoint: [scope lower-cased, name].
verdicts(inp) := {_el_verdict(e, found, [{"path": "metric_alerts[metricName=RequestLatency*, scope=endpoint]", "found": found, "expected": "at least one enabled alert"}]) |
	some e in endpoints
	found := sort({p[1] | is_string(e.id); some p in latency; p[0] == lower(e.id)})
} if {
	inp.online_endpoints.status == "ok"
	endpoints := lib.arr(inp.online_endpoints.items)
	sec := inp.metric_alerts
	sec.status == "ok"

	# Enabled (absent counts as enabled) alerts on a request latency metric (RequestLatency or a
	# percentile), by reference: an absent property makes the reference undefined, as it should.
	latency := [[lower(scope), object.get(a, "name", "?")] |
		is_array(sec.items)
		some a in sec.items
		not a.properties.enabled == false
		crits := a.properties.criteria.allOf
		is_array(crits)
		some crit in crits
		is_string(crit.metricName)
		startswith(lower(crit.metricName), "requestlatency")
		scopes := a.properties.scopes
		is_array(scopes)
		some scope in scopes
		is_string(scope)
	]
} else := {lib.section_unknown(sec, "metric_alerts", e.id, e.type) |
	sec := lib.section(inp, "metric_alerts")
	some e in lib.arr(inp.online_endpoints.items)
} if {
	inp.online_endpoints.status == "ok"
} else := {lib.items_unknown(inp, "online_endpoints", _type)}

_el_verdict(e, found, ev) := {
	"status": "pass", "resource_id": e.id, "resource_type": e.type, "evidence": ev,
	"message": concat("", ["Endpoint latency is alerted on by: ", concat(", ", found), "."]),
} if {
	count(found) > 0
} else := {
	"status": "fail", "resource_id": e.id, "resource_type": e.type, "evidence": ev,
	"message": "No enabled metric alert watches this endpoint's request latency.",
}
