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
#     hipaa: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#     gdpr: ["32(1)(b)", "32(1)(c)"]
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

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(lib.by_id(lib.section(inp, "locks"), ws.id), ws)} if ws := lib.resource(inp.workspace)

_ev(sec) := [lib.evidence("locks[*].properties.level", [lib.prop(l, ["properties", "level"]) | some l in lib.items(sec)], "CanNotDelete or ReadOnly")]

_verdict(sec, ws) := lib.section_unknown(sec, "locks", ws.id, ws.type) if not lib.ok(sec)

_verdict(sec, ws) := lib.pass(ws, "A delete lock protects the workspace.", _ev(sec)) if lib.delete_locked(sec)

_verdict(sec, ws) := lib.fail(ws, "No CanNotDelete or ReadOnly lock applies to the workspace.", _ev(sec)) if {
	lib.ok(sec)
	not lib.delete_locked(sec)
}
