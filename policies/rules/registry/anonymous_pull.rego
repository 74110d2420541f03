# METADATA
# title: Container registry does not allow anonymous pull
# description: >-
#   Anonymous pull lets anyone who can reach the registry download every image without signing in. anonymousPullEnabled
#   must not be true; absent means the service default, false, which passes.
# custom:
#   id: AML-ACR-003
#   severity: high
#   resource_type: Microsoft.ContainerRegistry/registries
#   frameworks:
#     hipaa: [164.312(a)(1), 164.312(d)]
#     gdpr: [32(1)(b)]
#   remediation:
#     text: Turn off anonymous pull on the registry.
#     cli: az acr update --name <registry> --anonymous-pull-enabled false
#     bicep: |-
#       resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
#         properties: { anonymousPullEnabled: false }
#       }
#   references:
#     psrule: [Azure.ACR.AnonymousAccess]
#     checkov: [CKV_AZURE_138]
#     docs: ['https://learn.microsoft.com/azure/container-registry/anonymous-pull-access']
package amlscan.rules.registry.anonymous_pull

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.container_registry

results contains lib.could_not_resolve(registry, paths, evidence) if lib.unresolved(input.container_registry, paths)

results contains lib.pass(
	registry,
	"Anonymous pull is disabled (false or absent: the service default).",
	evidence,
) if {
	not lib.unresolved(input.container_registry, paths)
	disabled
}

results contains lib.fail(
	registry,
	"anonymousPullEnabled is true: anyone can pull images without signing in.",
	evidence,
) if {
	not lib.unresolved(input.container_registry, paths)
	not disabled
}

registry := lib.resource(input.container_registry)

anonymous := object.get(registry, ["properties", "anonymousPullEnabled"], null)

paths := ["properties.anonymousPullEnabled"]

evidence := [{"path": "properties.anonymousPullEnabled", "found": anonymous, "expected": false}]

disabled if anonymous != true
