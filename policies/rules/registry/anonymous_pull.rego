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
#     docs: ['https://learn.microsoft.com/azure/container-registry/anonymous-pull-access']
package amlscan.rules.registry_anonymous_pull

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
	sec, r, ["properties.anonymousPullEnabled"], _good(r),
	"Anonymous pull is disabled (false or absent: the service default).",
	"anonymousPullEnabled is true: anyone can pull images without signing in.",
	[
		lib.evidence("properties.anonymousPullEnabled", lib.prop(r, ["properties", "anonymousPullEnabled"]), false),
	],
)

_good(r) := true if {
	lib.prop(r, ["properties", "anonymousPullEnabled"]) != true
} else := false
