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
#     gdpr: ["32(1)(d)", "33(5)"]
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

# METADATA
# entrypoint: true
results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

_type := "Microsoft.OperationalInsights/workspaces"

# One definition: the judgement when the Log Analytics workspace is there, else nothing (none
# linked) or the section's unknown. Retention and the threshold are turned into text once.
verdicts_with(inp, p) := {lib.judge(
	sec, law, ["properties.retentionInDays"], days >= p.min_log_retention_days,
	concat("", ["Logs are kept for ", days_text, " days (required: ", min_text, ")."]),
	concat("", ["Logs are kept for only ", days_text, " days (absent means 30, the service default); required: ", min_text, "."]),
	[{"path": "properties.retentionInDays", "found": retention, "expected": concat("", [">= ", min_text])}],
)} if {
	sec := inp.log_analytics_workspace
	sec.status == "ok"
	law := sec.resource
	is_object(law)
	retention := object.get(law, ["properties", "retentionInDays"], null)
	days := _lr_days(retention)
	days_text := lib.text(days)
	min_text := lib.text(p.min_log_retention_days)
} else := lib.assoc_verdicts(inp, "log_analytics_workspace", _type)

# Days kept: a non-number (absent) means the service default, 30.
_lr_days(retention) := retention if {
	is_number(retention)
} else := 30
