# METADATA
# title: Workspace has a container registry
# description: >-
#   Training jobs and deployments build and pull their environment images from the workspace's
#   container registry; without one (properties.containerRegistry absent, the default for a new
#   workspace until the first image build creates one) jobs fail or the service creates a registry
#   with default, public settings. Passes when the workspace names a registry and it could be read;
#   a named registry that no longer exists fails.
# custom:
#   id: AML-GOV-003
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["25(1)"]
#   remediation:
#     text: Create a Premium container registry with private networking and link it to the workspace.
#     cli: az ml workspace update --name <workspace> --resource-group <rg> --container-registry <acr-id>
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { containerRegistry: acr.id }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/concept-workspace#associated-resources"]
package amlscan.rules.governance_container_registry_present

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the workspace judged first, else its unknown. The registry id is read once.
verdicts(inp) := {_crp_verdict(wsec, ws, lib.section(inp, "container_registry"), cr, [{"path": "properties.containerRegistry", "found": cr, "expected": "the id of an existing registry"}])} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	cr := object.get(ws, ["properties", "containerRegistry"], null)
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"

# Unresolved first; then, for a named registry, what its section holds; an unnamed (absent or
# blank) registry last, the only case left. A named registry in an ok section whose resource is
# neither an object nor null gets no verdict, as before.
_crp_verdict(wsec, ws, sec, cr, ev) := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": "properties.containerRegistry could not be resolved.", "evidence": ev} if {
	"properties.containerRegistry" in object.get(wsec, "unresolved", [])
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "The workspace has a container registry.", "evidence": ev} if {
	is_string(cr)
	trim_space(cr) != ""
	{"ok": true}[sec.status]
	is_object(sec.resource)
} else := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": "The workspace names a container registry that does not exist.", "evidence": ev} if {
	is_string(cr)
	trim_space(cr) != ""
	{"not_found": true}[sec.status]
} else := lib.section_unknown(sec, "container_registry", ws.id, ws.type) if {
	is_string(cr)
	trim_space(cr) != ""
	not sec.status == "ok"
} else := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": "The workspace names a container registry but the snapshot holds none.", "evidence": ev} if {
	is_string(cr)
	trim_space(cr) != ""
	{"ok": true}[sec.status]
	is_null(sec.resource)
} else := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": "The workspace has no container registry (properties.containerRegistry is not set).", "evidence": ev} if {
	not lib.nonempty(cr)
}
