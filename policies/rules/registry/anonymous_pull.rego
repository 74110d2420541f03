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
package amlscan.rules.registry_anonymous_pull

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition in the lib.judge shape: the properties read once, the judgement inline.
verdicts(inp) := {lib.judge(
	sec, r, ["properties.anonymousPullEnabled"], anonymous != true,
	"Anonymous pull is disabled (false or absent: the service default).",
	"anonymousPullEnabled is true: anyone can pull images without signing in.",
	[{"path": "properties.anonymousPullEnabled", "found": anonymous, "expected": false}],
)} if {
	sec := inp.container_registry
	sec.status == "ok"
	r := sec.resource
	is_object(r)
	anonymous := object.get(r, ["properties", "anonymousPullEnabled"], null)
} else := lib.assoc_verdicts(inp, "container_registry", "Microsoft.ContainerRegistry/registries")
