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
#     hipaa: [164.312(e)(1), 164.312(c)(1)]
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
package amlscan.rules.registry_public_network

import rego.v1

import data.amlscan.lib

results := verdicts(input)

_type := "Microsoft.ContainerRegistry/registries"

verdicts(inp) := {lib.assoc_unknown(inp, "container_registry", _type)} if not lib.ok(lib.section(inp, "container_registry"))

verdicts(inp) := set() if lib.nothing_linked(lib.section(inp, "container_registry"))

verdicts(inp) := {_verdict(sec, r)} if {
	sec := lib.section(inp, "container_registry")
	r := lib.resource(sec)
}

_verdict(sec, r) := lib.judge(
	sec, r, ["properties.publicNetworkAccess"], _good(r),
	"Public network access to the registry is disabled.",
	"The registry's publicNetworkAccess is Enabled or absent (service default: Enabled).",
	[
		lib.evidence("properties.publicNetworkAccess", lib.prop(r, ["properties", "publicNetworkAccess"]), "Disabled"),
	],
)

_good(r) := true if {
	lib.eq_ci(lib.prop(r, ["properties", "publicNetworkAccess"]), "Disabled")
} else := false
