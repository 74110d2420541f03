# METADATA
# title: Workspace is protected by a delete lock
# description: >-
#   A CanNotDelete (or ReadOnly) management lock stops the workspace, and with it the run history
#   and lineage that make up the audit trail, from being deleted by mistake or by a single
#   compromised account. Locks inherited from the resource group or subscription count (the
#   collector lists every lock that applies to the resource). Resources have no lock by default.
# custom:
#   id: AML-GOV-001
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(c)(1)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Add a CanNotDelete lock to the workspace (or its resource group).
#     cli: az lock create --name lock-<workspace> --lock-type CanNotDelete --resource <workspace-id>
#     bicep: |-
#       resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
#         scope: ws
#         name: 'lock-${ws.name}'
#         properties: { level: 'CanNotDelete' }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources"]
package amlscan.rules.governance_workspace_delete_lock

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the workspace's locks judged first, else the workspace's unknown. Each lock level
# is read once, for the verdict and the evidence.
verdicts(inp) := {_wdl_verdict(ws, sec, levels, [{"path": "locks[*].properties.level", "found": levels, "expected": "CanNotDelete or ReadOnly"}])} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := _wdl_locks(inp, ws.id)
	levels := [object.get(lock, ["properties", "level"], null) |
		{"ok": true}[sec.status]
		is_array(sec.items)
		some lock in sec.items
	]
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"

# The locks section of a resource, as lib.by_id(lib.section(inp, "locks"), id) in one call.
_wdl_locks(inp, id) := sec if {
	locks := inp.locks
	is_object(locks)
	sec := locks[lower(id)]
} else := {"status": "missing", "message": "section absent from snapshot"}

# CanNotDelete and ReadOnly stop deletion (case-insensitive, as lib.delete_locked).
_wdl_verdict(ws, sec, levels, ev) := lib.section_unknown(sec, "locks", ws.id, ws.type) if {
	not sec.status == "ok"
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "A delete lock protects the workspace.", "evidence": ev} if {
	some level in levels
	is_string(level)
	{"cannotdelete": true, "readonly": true}[lower(level)]
} else := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": "No CanNotDelete or ReadOnly lock applies to the workspace.", "evidence": ev}
