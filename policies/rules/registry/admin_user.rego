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
package amlscan.rules.registry.admin_user

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.container_registry

results contains lib.could_not_resolve(registry, paths, evidence) if lib.unresolved(input.container_registry, paths)

results contains lib.pass(
	registry,
	"The admin user is disabled (false or absent: the service default).",
	evidence,
) if {
	not lib.unresolved(input.container_registry, paths)
	disabled
}

results contains lib.fail(
	registry,
	"adminUserEnabled is true: a shared admin password grants full registry access.",
	evidence,
) if {
	not lib.unresolved(input.container_registry, paths)
	not disabled
}

registry := lib.resource(input.container_registry)

admin := object.get(registry, ["properties", "adminUserEnabled"], null)

paths := ["properties.adminUserEnabled"]

evidence := [{"path": "properties.adminUserEnabled", "found": admin, "expected": false}]

disabled if admin != true
