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
package amlscan.rules.workspace_diagnostic_settings

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace and its diagnostic settings are readable, else
# unknown naming the settings section (absent: status "missing"), else the workspace unknown. (No
# verdict, as before, for an ok workspace section without a resource object, or an ok settings
# section without items.)
verdicts(inp) := {_ds_verdict(ws, count(sec.items), good)} if {
	inp.workspace.status == "ok"
	ws := inp.workspace.resource
	is_object(ws)
	sec := inp.diagnostic_settings[lower(ws.id)]
	sec.status == "ok"

	# Settings sending the audit or allLogs category group to a Log Analytics workspace. By
	# reference: an absent property makes the reference undefined, as it should.
	good := sort({s.name |
		some s in sec.items
		is_string(s.properties.workspaceId)
		s.properties.workspaceId != ""
		some log in s.properties.logs
		log.enabled == true
		is_string(log.categoryGroup)
		lower(log.categoryGroup) in {"audit", "alllogs"}
	})
} else := {lib.section_unknown(sec, "diagnostic_settings", ws.id, ws.type)} if {
	ws := lib.resource(inp.workspace)
	sec := lib.by_id(object.get(inp, "diagnostic_settings", null), ws.id)
	not lib.ok(sec)
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"

_ds_verdict(ws, settings, good) := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type,
	"message": concat("", ["Audit logs reach Log Analytics through diagnostic setting(s): ", concat(", ", good), "."]),
	"evidence": _ds_evidence(settings, good),
} if {
	count(good) > 0
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type,
	"message": "The workspace has no diagnostic settings: resource logs are not collected.",
	"evidence": _ds_evidence(settings, good),
} if {
	settings == 0
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type,
	"message": "No diagnostic setting sends the audit or allLogs category group to a Log Analytics workspace.",
	"evidence": _ds_evidence(settings, good),
}

_ds_evidence(settings, good) := [{
	"path": "diagnostic_settings[*].properties.{workspaceId,logs[categoryGroup in (audit, allLogs)].enabled}",
	"found": {"settings": settings, "sending_audit_logs_to_log_analytics": good},
	"expected": "at least one setting with workspaceId and audit or allLogs enabled",
}]
