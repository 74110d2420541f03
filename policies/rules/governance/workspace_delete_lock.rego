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
package amlscan.rules.governance.workspace_delete_lock

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(applied, "locks", lib.workspace.id, lib.workspace.type) if {
	not applied.status == "ok"
}

results contains lib.pass(lib.workspace, "A delete lock protects the workspace.", evidence) if {
	applied.status == "ok"
	delete_locked
}

results contains lib.fail(
	lib.workspace,
	"No CanNotDelete or ReadOnly lock applies to the workspace.",
	evidence,
) if {
	applied.status == "ok"
	not delete_locked
}

applied := lib.by_id(lib.locks, lib.workspace.id)

# The locks that apply (a list section), and the level of each (CanNotDelete and ReadOnly stop deletion).
levels := [object.get(lock, ["properties", "level"], null) | some lock in lib.items(applied)]

delete_locked if {
	some level in levels
	is_string(level)
	lower(level) in {"cannotdelete", "readonly"}
}

evidence := [{"path": "locks[*].properties.level", "found": levels, "expected": "CanNotDelete or ReadOnly"}]
