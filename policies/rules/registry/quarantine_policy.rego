# METADATA
# title: Container registry quarantines images until they are verified
# description: >-
#   With the quarantine policy on, an image pushed to the registry cannot be pulled until a scanner has
#   checked it and marked it as passed, so an image with known vulnerabilities or malware never reaches a
#   compute or an endpoint. policies.quarantinePolicy.status must be enabled; absent means the service
#   default, disabled, which fails. Quarantine (a preview feature of the Premium SKU) only works with a
#   process that scans every pushed image and marks it: images Azure Machine Learning builds into the
#   registry are held like any other until that happens, so set up the scanning step first.
# custom:
#   id: AML-ACR-007
#   severity: low
#   resource_type: Microsoft.ContainerRegistry/registries
#   frameworks:
#     hipaa: ["164.308(a)(5)(ii)(B)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Set up a pipeline that scans every pushed image and marks it as passed, then turn on the registry's quarantine policy (Premium SKU).
#     cli: az resource update --ids <registry-id> --set properties.policies.quarantinePolicy.status=enabled
#     bicep: |-
#       resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
#         sku: { name: 'Premium' }
#         properties: { policies: { quarantinePolicy: { status: 'enabled' } } }
#       }
#   references:
#     psrule: ["Azure.ACR.Quarantine"]
#     checkov: ["CKV_AZURE_166"]
#     docs: ["https://github.com/Azure/acr/tree/main/docs/preview/quarantine"]
package amlscan.rules.registry.quarantine_policy

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.container_registry

results contains lib.could_not_resolve(registry, paths, evidence) if lib.unresolved_under(input.container_registry, "properties.policies.quarantinePolicy")

results contains lib.pass(registry, "Pushed images are quarantined until a scanner marks them as passed.", evidence) if {
	not lib.unresolved_under(input.container_registry, "properties.policies.quarantinePolicy")
	lib.eq_ci(status, "enabled")
}

results contains lib.fail(
	registry,
	"The quarantine policy is off (absent: the service default, disabled): pushed images can be pulled before anyone has scanned them.",
	evidence,
) if {
	not lib.unresolved_under(input.container_registry, "properties.policies.quarantinePolicy")
	not lib.eq_ci(status, "enabled")
}

registry := lib.resource(input.container_registry)

status := object.get(registry, ["properties", "policies", "quarantinePolicy", "status"], null)

paths := ["properties.policies.quarantinePolicy.status"]

evidence := [{"path": "properties.policies.quarantinePolicy.status", "found": status, "expected": "enabled"}]
