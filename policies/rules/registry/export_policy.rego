# METADATA
# title: Container registry exports are disabled
# description: >-
#   Images of the workspace's registry embed training code, and often model weights and sample data. With
#   exports enabled, anyone with the right role can copy them out of the registry to another registry or
#   storage account (az acr import, az acr transfer), around the private network; with exports disabled
#   they can be read only through the data plane (docker pull). policies.exportPolicy.status must be
#   disabled; absent means the service default, enabled, which fails. Disabling exports needs the Premium
#   SKU and public network access disabled (AML-ACR-002), which the Azure Policy built-in "Container
#   registries should have exports disabled" also requires.
# custom:
#   id: AML-ACR-006
#   severity: medium
#   resource_type: Microsoft.ContainerRegistry/registries
#   frameworks:
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["25(2)", "32(1)(b)"]
#   remediation:
#     text: Disable public network access on the registry, then disable exports (Premium SKU).
#     cli: az resource update --ids <registry-id> --set properties.policies.exportPolicy.status=disabled properties.publicNetworkAccess=Disabled
#     bicep: |-
#       resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
#         sku: { name: 'Premium' }
#         properties: { publicNetworkAccess: 'Disabled', policies: { exportPolicy: { status: 'disabled' } } }
#       }
#   references:
#     azure_policy: ["524b0254-c285-4903-bee6-bb8126cde579"]
#     psrule: ["Azure.ACR.ExportPolicy"]
#     docs: ["https://learn.microsoft.com/azure/container-registry/data-loss-prevention"]
package amlscan.rules.registry.export_policy

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.container_registry

results contains lib.could_not_resolve(registry, paths, evidence) if lib.unresolved_under(input.container_registry, "properties.policies.exportPolicy")

results contains lib.pass(registry, "Exports are disabled: images leave the registry only through the data plane.", evidence) if {
	not lib.unresolved_under(input.container_registry, "properties.policies.exportPolicy")
	lib.eq_ci(status, "disabled")
}

results contains lib.fail(
	registry,
	"Exports are enabled (absent: the service default, enabled): images can be copied out of the registry with az acr import or transfer.",
	evidence,
) if {
	not lib.unresolved_under(input.container_registry, "properties.policies.exportPolicy")
	not lib.eq_ci(status, "disabled")
}

registry := lib.resource(input.container_registry)

status := object.get(registry, ["properties", "policies", "exportPolicy", "status"], null)

paths := ["properties.policies.exportPolicy.status"]

evidence := [{"path": "properties.policies.exportPolicy.status", "found": status, "expected": "disabled"}]
