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
#     gdpr: ["30(1)", "32(1)(d)", "33(1)"]
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
package amlscan.rules.workspace_diagnostic_settings

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(ws, lib.by_id(object.get(inp, "diagnostic_settings", null), ws.id))} if {
	ws := lib.resource(inp.workspace)
}

_verdict(ws, section) := lib.section_unknown(section, "diagnostic_settings", ws.id, ws.type) if not lib.ok(section)

_verdict(ws, section) := lib.pass(ws, concat("", ["Audit logs reach Log Analytics through diagnostic setting(s): ", concat(", ", good), "."]), [_settings_evidence(section, good)]) if {
	lib.ok(section)
	good := sort(_good_settings(section))
	count(good) > 0
}

_verdict(ws, section) := lib.fail(ws, _fail_message(section), [_settings_evidence(section, [])]) if {
	lib.ok(section)
	count(_good_settings(section)) == 0
}

_good_settings(section) := {setting.name |
	some setting in section.items
	workspace_id := lib.prop(setting, ["properties", "workspaceId"])
	is_string(workspace_id)
	workspace_id != ""
	some log in object.get(setting.properties, "logs", [])
	log.enabled == true
	_audit_log(log)
}

_audit_log(log) if lib.eq_ci(object.get(log, "categoryGroup", ""), "audit")

_audit_log(log) if lib.eq_ci(object.get(log, "categoryGroup", ""), "allLogs")

_settings_evidence(section, names) := lib.evidence(
	"diagnostic_settings[*].properties.{workspaceId,logs[categoryGroup in (audit, allLogs)].enabled}",
	{"settings": count(section.items), "sending_audit_logs_to_log_analytics": names},
	"at least one setting with workspaceId and audit or allLogs enabled",
)

_fail_message(section) := "The workspace has no diagnostic settings: resource logs are not collected." if count(section.items) == 0

_fail_message(section) := "No diagnostic setting sends the audit or allLogs category group to a Log Analytics workspace." if count(section.items) > 0
