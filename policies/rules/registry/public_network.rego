# METADATA
# title: Container registry public network access is disabled
# description: >-
#   Environment images embed code and sometimes data; a registry open to the internet can leak them or be
#   used to plant a poisoned image. publicNetworkAccess must be Disabled; absent means the service default,
#   Enabled, which fails, as in the Azure Policy built-in (requires the Premium SKU for private endpoints).
# custom:
#   id: AML-ACR-002
#   severity: medium
#   resource_type: Microsoft.ContainerRegistry/registries
#   frameworks:
#     hipaa: [164.312(a)(1), 164.312(e)(1)]
#     gdpr: [25(1), 32(1)(b)]
#   remediation:
#     text: >-
#       Disable public network access on the registry and reach it through a private endpoint (Premium SKU).
#     cli: az acr update --name <registry> --public-network-enabled false
#     bicep: |-
#       resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
#         sku: { name: 'Premium' }
#         properties: { publicNetworkAccess: 'Disabled' }
#       }
#   references:
#     azure_policy: [0fdf0491-d080-4575-b627-ad0e843cba0f]
#     checkov: [CKV_AZURE_139]
#     docs: ['https://learn.microsoft.com/azure/container-registry/container-registry-private-link']
package amlscan.rules.registry.public_network

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.container_registry

results contains lib.could_not_resolve(registry, paths, evidence) if lib.unresolved(input.container_registry, paths)

results contains lib.pass(
	registry,
	"Public network access to the registry is disabled.",
	evidence,
) if {
	not lib.unresolved(input.container_registry, paths)
	disabled
}

results contains lib.fail(
	registry,
	"The registry's publicNetworkAccess is Enabled or absent (service default: Enabled).",
	evidence,
) if {
	not lib.unresolved(input.container_registry, paths)
	not disabled
}

registry := lib.resource(input.container_registry)

access := object.get(registry, ["properties", "publicNetworkAccess"], null)

paths := ["properties.publicNetworkAccess"]

evidence := [{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"}]

disabled if lib.eq_ci(access, "Disabled")
