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
package amlscan.rules.governance.container_registry_present

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.unknown(lib.workspace, "properties.containerRegistry could not be resolved.", evidence) if unresolved

results contains lib.pass(lib.workspace, "The workspace has a container registry.", evidence) if {
	not unresolved
	lib.nonempty(registry_id)
	lib.resource(registry)
}

results contains lib.fail(lib.workspace, "The workspace names a container registry that does not exist.", evidence) if {
	not unresolved
	lib.nonempty(registry_id)
	registry.status == "not_found"
}

results contains lib.section_unknown(registry, "container_registry", lib.workspace.id, lib.workspace.type) if {
	not unresolved
	lib.nonempty(registry_id)
	not registry.status == "ok"
	not registry.status == "not_found"
}

results contains lib.unknown(lib.workspace, "The workspace names a container registry but the snapshot holds none.", evidence) if {
	not unresolved
	lib.nonempty(registry_id)
	registry.status == "ok"
	is_null(registry.resource)
}

results contains lib.fail(
	lib.workspace,
	"The workspace has no container registry (properties.containerRegistry is not set).",
	evidence,
) if {
	not unresolved
	not lib.nonempty(registry_id)
}

registry_id := object.get(lib.workspace, ["properties", "containerRegistry"], null)

registry := object.get(input, "container_registry", null)

unresolved if lib.unresolved(input.workspace, ["properties.containerRegistry"])

evidence := [{"path": "properties.containerRegistry", "found": registry_id, "expected": "the id of an existing registry"}]
