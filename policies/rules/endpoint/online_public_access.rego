# METADATA
# title: Online endpoint public network access is disabled
# description: >-
#   A managed online endpoint with public network access takes scoring requests, which carry patient
#   or personal data, from the internet. Passes only when publicNetworkAccess is Disabled, so the
#   endpoint is reached through the workspace's private endpoint; absent means the service default,
#   Enabled, which fails.
# custom:
#   id: AML-EPT-001
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces/onlineEndpoints
#   frameworks:
#     hipaa: ["164.312(e)(1)", "164.312(a)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: Set the endpoint's public network access to disabled and call it through the workspace private endpoint.
#     cli: az ml online-endpoint update --name <endpoint> --workspace-name <workspace> --resource-group <rg> --set public_network_access=disabled
#     bicep: |-
#       resource ep 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2025-12-01' = {
#         properties: { authMode: 'AADToken', publicNetworkAccess: 'Disabled' }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-secure-online-endpoint"]
package amlscan.rules.endpoint.online_public_access

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.online_endpoints

results contains lib.could_not_resolve(endpoint, paths, evidence(endpoint)) if {
	some endpoint in lib.items(input.online_endpoints)
	lib.item_unresolved(input.online_endpoints, endpoint, paths)
}

results contains lib.pass(endpoint, "The endpoint's public network access is disabled.", evidence(endpoint)) if {
	some endpoint in lib.items(input.online_endpoints)
	not lib.item_unresolved(input.online_endpoints, endpoint, paths)
	lib.eq_ci(setting(endpoint), "Disabled")
}

results contains lib.fail(
	endpoint,
	concat("", ["The endpoint accepts requests from the internet (publicNetworkAccess ", lib.text(setting(endpoint)), "; absent means Enabled)."]),
	evidence(endpoint),
) if {
	some endpoint in lib.items(input.online_endpoints)
	not lib.item_unresolved(input.online_endpoints, endpoint, paths)
	not lib.eq_ci(setting(endpoint), "Disabled")
}

paths := ["properties.publicNetworkAccess"]

setting(endpoint) := object.get(endpoint, ["properties", "publicNetworkAccess"], null)

evidence(endpoint) := [{"path": "properties.publicNetworkAccess", "found": setting(endpoint), "expected": "Disabled"}]
