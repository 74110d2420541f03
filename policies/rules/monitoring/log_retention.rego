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
package amlscan.rules.monitoring.log_retention

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.log_analytics_workspace

results contains lib.could_not_resolve(law, paths, evidence) if lib.unresolved(input.log_analytics_workspace, paths)

results contains lib.pass(
	law,
	concat("", ["Logs are kept for ", lib.text(days), " days (required: ", lib.text(required), ")."]),
	evidence,
) if {
	not lib.unresolved(input.log_analytics_workspace, paths)
	days >= required
}

results contains lib.fail(
	law,
	concat("", [
		"Logs are kept for only ", lib.text(days),
		" days (absent means 30, the service default); required: ", lib.text(required), ".",
	]),
	evidence,
) if {
	not lib.unresolved(input.log_analytics_workspace, paths)
	days < required
}

law := lib.resource(input.log_analytics_workspace)

retention := object.get(law, ["properties", "retentionInDays"], null)

# Days kept: anything but a number (absent) means the service default, 30.
default days := 30

days := retention if is_number(retention)

required := lib.params.min_log_retention_days

paths := ["properties.retentionInDays"]

evidence := [{"path": "properties.retentionInDays", "found": retention, "expected": concat("", [">= ", lib.text(required)])}]
