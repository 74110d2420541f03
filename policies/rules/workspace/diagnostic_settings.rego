# METADATA
# title: Workspace resource logs are sent to Log Analytics
# description: >-
#   Audit controls need a durable record of who did what in the workspace: the audit (or allLogs)
#   category group of its resource logs must flow to a Log Analytics workspace, where it can be
#   queried, alerted on and retained. Settings that list the log categories one by one pass when,
#   together, they send every category of Microsoft.MachineLearningServices/workspaces that Azure
#   Monitor documents (26; the list is kept in the rule library, since the collector does not read
#   the categories a workspace exposes). No diagnostic setting means no resource logs at all (the
#   service default). Settings that only archive to a storage account or an event hub fail: they
#   cannot be queried or alerted on.
# custom:
#   id: AML-LOG-001
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"]
#     gdpr: ["32(1)(d)", "33(1)"]
#   remediation:
#     text: Add a diagnostic setting that sends the audit (or allLogs) category group to a Log Analytics workspace.
#     cli: az monitor diagnostic-settings create --name to-law --resource <workspace-id> --workspace <log-analytics-id> --logs '[{"categoryGroup":"audit","enabled":true}]'
#     bicep: |-
#       resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
#         scope: ws
#         name: 'to-law'
#         properties: {
#           workspaceId: law.id
#           logs: [ { categoryGroup: 'audit', enabled: true } ]
#         }
#       }
#   references:
#     azure_policy: ["afe0c3be-ba3b-4544-ba52-0c99672a8ad6"]
#     psrule: []
#     checkov: []
#     docs: ["https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning", "https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-machinelearningservices-workspaces-logs"]
package amlscan.rules.workspace.diagnostic_settings

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(section, "diagnostic_settings", lib.workspace.id, lib.workspace.type) if {
	not section.status == "ok"
}

results contains lib.pass(
	lib.workspace,
	concat("", ["Audit logs reach Log Analytics through diagnostic setting(s): ", concat(", ", [lib.text(name) | some name in sending]), "."]),
	evidence,
) if {
	count(sending) > 0
}

results contains lib.pass(
	lib.workspace,
	concat("", [
		"Every workspace log category (", lib.text(count(lib.workspace_log_categories)),
		") reaches Log Analytics, listed one by one in diagnostic setting(s): ",
		concat(", ", [lib.text(name) | some name in listing]), ".",
	]),
	evidence,
) if {
	count(sending) == 0
	count(categories) > 0
	count(missing) == 0
}

results contains lib.fail(lib.workspace, "The workspace has no diagnostic settings: resource logs are not collected.", evidence) if {
	count(settings) == 0
}

results contains lib.fail(
	lib.workspace,
	"No diagnostic setting sends the audit or allLogs category group to a Log Analytics workspace.",
	evidence,
) if {
	count(settings) > 0
	count(sending) == 0
	count(categories) == 0
}

results contains lib.fail(
	lib.workspace,
	concat("", [
		"No diagnostic setting sends the audit or allLogs category group to a Log Analytics workspace, and the ",
		"categories they list one by one leave out ", lib.text(count(missing)), " of ",
		lib.text(count(lib.workspace_log_categories)), ": ", concat(", ", sort(missing)), ".",
	]),
	evidence,
) if {
	count(sending) == 0
	count(categories) > 0
	count(missing) > 0
}

section := lib.by_id(lib.diagnostic_settings, lib.workspace.id)

settings := lib.items(section)

# The settings that send to a Log Analytics workspace.
to_log_analytics := [setting |
	some setting in settings
	lib.log_analytics_destination(setting)
]

# The names of the settings that send the audit or allLogs category group to a Log Analytics
# workspace, sorted.
sending := sort({setting.name |
	some setting in to_log_analytics
	some log in lib.enabled_logs(setting)
	is_string(log.categoryGroup)
	lower(log.categoryGroup) in {"audit", "alllogs"}
})

# The workspace log categories those settings list one by one (lower-cased), the names of the
# settings that list them, and the categories none of them lists.
categories contains category if {
	some setting in to_log_analytics
	some category in _listed(setting)
}

listing := sort({setting.name |
	some setting in to_log_analytics
	count(_listed(setting)) > 0
})

missing := lib.workspace_log_categories - categories

_listed(setting) := {lower(log.category) |
	some log in lib.enabled_logs(setting)
	is_string(log.category)
	lower(log.category) in lib.workspace_log_categories
}

evidence := [
	{
		"path": "diagnostic_settings[*].properties.{workspaceId,logs[categoryGroup in (audit, allLogs)].enabled}",
		"found": {"settings": count(settings), "sending_audit_logs_to_log_analytics": sending},
		"expected": "at least one setting with workspaceId and audit or allLogs enabled",
	},
	{
		"path": "diagnostic_settings[*].properties.{workspaceId,logs[category].enabled}",
		"found": sort(categories),
		"expected": "or, together, every workspace log category",
	},
]
