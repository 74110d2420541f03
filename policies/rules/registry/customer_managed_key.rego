# METADATA
# title: Container registry for regulated workloads is encrypted with a customer-managed key
# description: >-
#   Images built for a workspace that processes regulated data can contain code, model weights and
#   sample data. When the workspace is tagged as holding regulated data or is high business impact,
#   the registry must encrypt with a customer-managed key (encryption.status enabled); absent means
#   the service default, disabled (Microsoft-managed keys), which fails, as in the Azure Policy
#   built-in. Registries of other workspaces pass.
# custom:
#   id: AML-ACR-004
#   severity: low
#   resource_type: Microsoft.ContainerRegistry/registries
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["32(1)(a)"]
#   remediation:
#     text: Create a Premium registry with a customer-managed key (it can only be set at creation), move the images and link it to the workspace.
#     cli: az acr create --name <registry> --resource-group <rg> --sku Premium --identity <uai-id> --key-encryption-key <key-uri>
#   references:
#     azure_policy: ["5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580"]
#     docs: ["https://learn.microsoft.com/azure/container-registry/tutorial-enable-customer-managed-keys"]
package amlscan.rules.registry.customer_managed_key

import data.amlscan.lib

# Required for the registry of a workspace holding regulated data: the registry or the workspace
# tagged so, or the workspace high business impact. Other registries pass, once the workspace could
# be read to tell.

# METADATA
# entrypoint: true
results contains lib.not_collected.container_registry

results contains lib.could_not_resolve(registry, paths, evidence) if {
	regulated
	lib.unresolved(input.container_registry, paths)
}

results contains lib.pass(registry, "The registry of a regulated workspace uses a customer-managed key.", evidence) if {
	regulated
	not lib.unresolved(input.container_registry, paths)
	lib.eq_ci(encryption, "enabled")
}

results contains lib.fail(
	registry,
	"The registry of a regulated workspace uses Microsoft-managed keys (encryption.status disabled or absent).",
	evidence,
) if {
	regulated
	not lib.unresolved(input.container_registry, paths)
	not lib.eq_ci(encryption, "enabled")
}

results contains lib.pass(
	registry,
	"The workspace is not marked as holding regulated data; a customer-managed key is not required.",
	evidence,
) if {
	not regulated
	lib.workspace
}

results contains lib.unknown(
	registry,
	"The workspace could not be read to tell whether it holds regulated data.",
	evidence,
) if {
	not regulated
	not lib.workspace
}

registry := lib.resource(input.container_registry)

encryption := object.get(registry, ["properties", "encryption", "status"], null)

regulated if lib.regulated(registry)

regulated if lib.regulated(lib.workspace)

regulated if object.get(lib.workspace, ["properties", "hbiWorkspace"], null) == true

paths := ["properties.encryption.status"]

evidence := [{"path": "properties.encryption.status", "found": encryption, "expected": "enabled"}]
