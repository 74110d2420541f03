# METADATA
# title: Log Analytics keeps logs for at least the required number of days
# description: >-
#   Audit logs must outlive the investigations and audits that need them. Every Log Analytics
#   workspace the ML workspace's diagnostic settings send its resource logs to must retain data for
#   at least min_log_retention_days (parameter, default 365); absent retentionInDays means the
#   service default, 30 days. The Log Analytics workspace behind Application Insights is not judged:
#   it holds telemetry, not the resource logs. When central_log_analytics_workspace_id is set
#   (parameter, default null: not checked), at least one destination must be that workspace (resource
#   ids compare case-insensitively). Unknown when the diagnostic settings or a destination could not
#   be read, or a destination is known only at deployment. A workspace whose settings send logs
#   nowhere in Log Analytics gives no result here (AML-LOG-001 reports it) unless a central workspace
#   is required.
# custom:
#   id: AML-LOG-002
#   severity: medium
#   resource_type: Microsoft.OperationalInsights/workspaces
#   frameworks:
#     hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"]
#     gdpr: ["32(1)(d)", "33(5)"]
#   remediation:
#     text: >-
#       Raise the retention of the Log Analytics workspaces the diagnostic settings send to (or archive
#       tables to long-term retention) to at least the required days, and send the workspace's logs to
#       the central workspace when one is required.
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
results contains lib.section_unknown(settings_section, "diagnostic_settings", lib.workspace_id, lib.workspace_type) if {
	not settings_section.status == "ok"
}

# A destination that could not be read (or a snapshot without the section).
results contains lib.section_unknown(
	section,
	concat("", ["log_analytics_destinations[", id, "]"]),
	lib.nonempty_or(lib.field(section, "resource_id", null), id),
	law_type,
) if {
	some id in destinations
	section := lib.by_id(sections, id)
	not section.status == "ok"
}

results contains lib.unknown(
	{"id": id, "type": law_type},
	"The snapshot holds no resource for this Log Analytics workspace, which a diagnostic setting names.",
	[{"path": concat("", ["log_analytics_destinations[", id, "].resource"]), "found": null, "expected": "the workspace"}],
) if {
	some id in destinations
	section := lib.by_id(sections, id)
	section.status == "ok"
	not is_object(section.resource)
}

results contains lib.could_not_resolve(law, paths, evidence(law)) if {
	some [law, section] in destination_resources
	lib.unresolved(section, paths)
}

results contains lib.pass(
	law,
	concat("", ["Logs are kept for ", lib.text(days(law)), " days (required: ", lib.text(required), ")."]),
	evidence(law),
) if {
	some [law, section] in destination_resources
	not lib.unresolved(section, paths)
	days(law) >= required
}

results contains lib.fail(
	law,
	concat("", [
		"Logs are kept for only ", lib.text(days(law)),
		" days (absent means 30, the service default); required: ", lib.text(required), ".",
	]),
	evidence(law),
) if {
	some [law, section] in destination_resources
	not lib.unresolved(section, paths)
	days(law) < required
}

# A diagnostic setting whose destination is known only at deployment (IaC), unless the central
# workspace is among the known destinations.
results contains lib.unknown(
	ml_workspace,
	"A diagnostic setting's Log Analytics workspace is known only at deployment: where the logs are kept cannot be judged.",
	[{"path": "diagnostic_settings[*].properties.workspaceId", "found": null, "expected": "a resource id"}],
) if {
	unresolved_destination
	not central_reached
}

results contains lib.pass(
	ml_workspace,
	concat("", ["The workspace's logs reach the central Log Analytics workspace ", central, "."]),
	central_evidence,
) if {
	central_reached
}

results contains lib.fail(
	ml_workspace,
	concat("", ["No diagnostic setting sends the workspace's logs to the central Log Analytics workspace ", central, "."]),
	central_evidence,
) if {
	is_string(central)
	settings_section.status == "ok"
	not central_reached
	not unresolved_destination
}

law_type := "Microsoft.OperationalInsights/workspaces"

ml_workspace := {"id": lib.workspace_id, "type": lib.workspace_type}

settings_section := lib.by_id(lib.diagnostic_settings, lib.workspace_id)

sections := object.get(input, "log_analytics_destinations", null)

# The lower-cased ids of the Log Analytics workspaces the workspace's diagnostic settings send logs
# to (settings that send only metrics hold no logs).
destinations contains lower(id) if {
	some setting in lib.items(settings_section)
	count(lib.enabled_logs(setting)) > 0
	id := lib.log_analytics_destination(setting)
}

unresolved_destination if {
	settings_section.status == "ok"
	some path in settings_section.unresolved
	is_string(path)
	endswith(path, ".properties.workspaceId")
}

# Each destination that was read: [its resource, its section].
destination_resources contains [law, section] if {
	some id in destinations
	section := lib.by_id(sections, id)
	section.status == "ok"
	law := section.resource
	is_object(law)
}

# Days kept: anything but a number (absent) means the service default, 30.
days(law) := retention if {
	retention := law.properties.retentionInDays
	is_number(retention)
} else := 30

required := lib.params.min_log_retention_days

paths := ["properties.retentionInDays"]

evidence(law) := [{
	"path": "properties.retentionInDays",
	"found": object.get(law, ["properties", "retentionInDays"], null),
	"expected": concat("", [">= ", lib.text(required)]),
}]

# The central workspace, when the parameter names one.
central := id if {
	id := lib.params.central_log_analytics_workspace_id
	lib.nonempty(id)
}

central_reached if lower(central) in destinations

central_evidence := [{"path": "diagnostic_settings[*].properties.workspaceId", "found": sort(destinations), "expected": central}]
