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
package amlscan.rules.registry_public_network

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition in the lib.judge shape: the properties read once, the judgement inline.
verdicts(inp) := {lib.judge(
	sec, r, ["properties.publicNetworkAccess"], lower(lib.text(access)) == "disabled",
	"Public network access to the registry is disabled.",
	"The registry's publicNetworkAccess is Enabled or absent (service default: Enabled).",
	[{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"}],
)} if {
	sec := inp.container_registry
	sec.status == "ok"
	r := sec.resource
	is_object(r)
	access := object.get(r, ["properties", "publicNetworkAccess"], null)
} else := lib.assoc_verdicts(inp, "container_registry", "Microsoft.ContainerRegistry/registries")
