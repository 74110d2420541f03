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
#     hipaa: ["164.308(a)(7)(ii)(B)"]
#     gdpr: ["32(1)(c)"]
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

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict3(lib.section(inp, "container_registry"), inp.workspace, ws)} if ws := lib.resource(inp.workspace)

_path := "properties.containerRegistry"

_ev(ws) := [lib.evidence(_path, lib.prop(ws, ["properties", "containerRegistry"]), "the id of an existing registry")]

_verdict3(_, wsec, ws) := lib.unknown(ws.id, ws.type, "properties.containerRegistry could not be resolved.", _ev(ws)) if lib.unresolved(wsec, _path)

_verdict3(_, wsec, ws) := lib.fail(ws, "The workspace has no container registry (properties.containerRegistry is not set).", _ev(ws)) if {
	not lib.unresolved(wsec, _path)
	not lib.nonempty(lib.prop(ws, ["properties", "containerRegistry"]))
}

_verdict3(sec, wsec, ws) := lib.pass(ws, "The workspace has a container registry.", _ev(ws)) if {
	not lib.unresolved(wsec, _path)
	lib.nonempty(lib.prop(ws, ["properties", "containerRegistry"]))
	is_object(lib.resource(sec))
}

_verdict3(sec, wsec, ws) := lib.fail(ws, "The workspace names a container registry that does not exist.", _ev(ws)) if {
	not lib.unresolved(wsec, _path)
	lib.nonempty(lib.prop(ws, ["properties", "containerRegistry"]))
	lib.field(sec, "status", null) == "not_found"
}

_verdict3(sec, wsec, ws) := lib.section_unknown(sec, "container_registry", ws.id, ws.type) if {
	not lib.unresolved(wsec, _path)
	lib.nonempty(lib.prop(ws, ["properties", "containerRegistry"]))
	not lib.ok(sec)
	lib.field(sec, "status", null) != "not_found"
}

_verdict3(sec, wsec, ws) := lib.unknown(ws.id, ws.type, "The workspace names a container registry but the snapshot holds none.", _ev(ws)) if {
	not lib.unresolved(wsec, _path)
	lib.nonempty(lib.prop(ws, ["properties", "containerRegistry"]))
	lib.nothing_linked(sec)
}
