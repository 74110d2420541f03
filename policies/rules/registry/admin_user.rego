# METADATA
# title: Container registry admin user is disabled
# description: >-
#   The admin user is a shared username and password with push and pull rights on every image, outside Microsoft
#   Entra ID. adminUserEnabled must not be true; absent means the service default, false, which passes,
#   as in the Azure Policy built-in.
# custom:
#   id: AML-ACR-001
#   severity: high
#   resource_type: Microsoft.ContainerRegistry/registries
#   frameworks:
#     hipaa: [164.312(a)(2)(i), 164.312(d)]
#     gdpr: [32(1)(b)]
#   remediation:
#     text: Disable the registry admin user and grant AcrPull/AcrPush roles to identities instead.
#     cli: az acr update --name <registry> --admin-enabled false
#     bicep: |-
#       resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
#         properties: { adminUserEnabled: false }
#       }
#   references:
#     azure_policy: [dc921057-6b28-4fbe-9b83-f7bec05db6c2]
#     psrule: [Azure.ACR.AdminUser]
#     checkov: [CKV_AZURE_137]
#     docs: ["https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account"]
package amlscan.rules.registry_admin_user

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
	sec, r, ["properties.adminUserEnabled"], _good(r),
	"The admin user is disabled (false or absent: the service default).",
	"adminUserEnabled is true: a shared admin password grants full registry access.",
	[
		lib.evidence("properties.adminUserEnabled", lib.prop(r, ["properties", "adminUserEnabled"]), false),
	],
)

_good(r) := true if {
	lib.prop(r, ["properties", "adminUserEnabled"]) != true
} else := false
