# METADATA
# title: Log Analytics keeps logs for at least the required number of days
# description: >-
#   Audit logs must outlive the investigations and audits that need them. The Log Analytics
#   workspace linked to the ML workspace (through Application Insights) must retain data for at
#   least min_log_retention_days (parameter, default 365). Absent retentionInDays means the service
#   default, 30 days. A workspace with no linked Log Analytics workspace gives no result (AML-LOG-001
#   and AML-APPI-002 report it).
# custom:
#   id: AML-LOG-002
#   severity: medium
#   resource_type: Microsoft.OperationalInsights/workspaces
#   frameworks:
#     hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"]
#     gdpr: ["30(1)", "33(5)"]
#   remediation:
#     text: Raise the Log Analytics retention (or archive tables to long-term retention) to at least the required days.
#     cli: az monitor log-analytics workspace update --resource-group <rg> --workspace-name <law> --retention-time 365
#     bicep: |-
#       resource law 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
#         properties: { retentionInDays: 365 }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure"]
package amlscan.rules.monitoring_log_retention

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

_type := "Microsoft.OperationalInsights/workspaces"

verdicts_with(inp, _) := {lib.assoc_unknown(inp, "log_analytics_workspace", _type)} if not lib.ok(lib.section(inp, "log_analytics_workspace"))

verdicts_with(inp, _) := set() if lib.nothing_linked(lib.section(inp, "log_analytics_workspace"))

verdicts_with(inp, p) := {_verdict3(sec, law, p)} if {
	sec := lib.section(inp, "log_analytics_workspace")
	law := lib.resource(sec)
}

_path := "properties.retentionInDays"

_days(law) := d if {
	d := lib.prop(law, ["properties", "retentionInDays"])
	is_number(d)
}

_days(law) := 30 if not is_number(lib.prop(law, ["properties", "retentionInDays"]))

_verdict3(sec, law, p) := lib.judge(
	sec, law, [_path], _good2(law, p),
	concat("", ["Logs are kept for ", lib.text(_days(law)), " days (required: ", lib.text(p.min_log_retention_days), ")."]),
	concat("", ["Logs are kept for only ", lib.text(_days(law)), " days (absent means 30, the service default); required: ", lib.text(p.min_log_retention_days), "."]),
	[lib.evidence(_path, lib.prop(law, ["properties", "retentionInDays"]), concat("", [">= ", lib.text(p.min_log_retention_days)]))],
)

_good2(law, p) := true if _days(law) >= p.min_log_retention_days else := false
