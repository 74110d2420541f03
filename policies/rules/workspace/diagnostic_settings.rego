# METADATA
# title: Workspace resource logs are sent to Log Analytics
# description: >-
#   Audit controls need a durable record of who did what in the workspace: the audit (or allLogs)
#   category group of its resource logs must flow to a Log Analytics workspace, where it can be
#   queried, alerted on and retained. No diagnostic setting means no resource logs at all (the
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
#     docs: ["https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning"]
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
}

section := lib.by_id(lib.diagnostic_settings, lib.workspace.id)

settings := lib.items(section)

# The names of the settings that send the audit or allLogs category group to a Log Analytics
# workspace, sorted.
sending := sort({setting.name |
	some setting in settings
	is_string(setting.properties.workspaceId)
	setting.properties.workspaceId != ""
	some log in setting.properties.logs
	log.enabled == true
	is_string(log.categoryGroup)
	lower(log.categoryGroup) in {"audit", "alllogs"}
})

evidence := [{
	"path": "diagnostic_settings[*].properties.{workspaceId,logs[categoryGroup in (audit, allLogs)].enabled}",
	"found": {"settings": count(settings), "sending_audit_logs_to_log_analytics": sending},
	"expected": "at least one setting with workspaceId and audit or allLogs enabled",
}]
