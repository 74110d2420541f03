# METADATA
# title: Azure ML registry public network access is disabled
# description: >-
#   An Azure Machine Learning registry shares models, environments and components between
#   workspaces; a model trained on patient data can disclose it, and a tampered one runs in every
#   workspace that deploys it. Reachable from the internet, the registry can be read or written by
#   anyone holding a token. publicNetworkAccess must be Disabled (workspaces reach it through a
#   private endpoint); absent means the service default, Enabled, which fails. Which registries a
#   workspace uses is recorded nowhere on it, so every registry of its subscription is judged.
# custom:
#   id: AML-MLR-001
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/registries
#   frameworks:
#     hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: >-
#       Create a private endpoint (group id amlregistry) for the registry in the virtual network of the
#       workspaces that use it, then disable its public network access.
#     cli: az resource update --ids <registry-id> --set properties.publicNetworkAccess=Disabled
#     bicep: |-
#       resource registry 'Microsoft.MachineLearningServices/registries@2025-12-01' = {
#         properties: { publicNetworkAccess: 'Disabled' }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-registry-network-isolation"]
package amlscan.rules.mlregistry.public_network

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.ml_registries_unknown

results contains lib.could_not_resolve(registry, paths, evidence(access)) if {
	some [i, registry, body] in lib.ml_registry_items
	lib.ml_registry_unresolved(i, paths)
	access := object.get(body, ["properties", "publicNetworkAccess"], null)
}

results contains lib.pass(registry, "Public network access to the registry is disabled.", evidence(access)) if {
	some [i, registry, body] in lib.ml_registry_items
	not lib.ml_registry_unresolved(i, paths)
	access := object.get(body, ["properties", "publicNetworkAccess"], null)
	lib.eq_ci(access, "Disabled")
}

results contains lib.fail(
	registry,
	concat("", [
		"The registry's publicNetworkAccess is ", lib.text(access),
		" (absent means Enabled): it is reachable from the internet.",
	]),
	evidence(access),
) if {
	some [i, registry, body] in lib.ml_registry_items
	not lib.ml_registry_unresolved(i, paths)
	access := object.get(body, ["properties", "publicNetworkAccess"], null)
	not lib.eq_ci(access, "Disabled")
}

paths := ["properties.publicNetworkAccess"]

evidence(access) := [{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"}]
