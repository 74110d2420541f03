# METADATA
# title: Online endpoint uses Microsoft Entra token authentication
# description: >-
#   Key authentication (authMode Key) uses two long-lived shared keys that identify no caller;
#   AML tokens (AMLToken) are tied to the workspace rather than to the caller's Entra identity and
#   role. AADToken authenticates each caller with Microsoft Entra ID and authorises with Azure RBAC,
#   so access is individual and audited. Only AADToken passes; the service default for an absent
#   authMode is Key, which fails.
# custom:
#   id: AML-EPT-002
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces/onlineEndpoints
#   frameworks:
#     hipaa: ["164.312(d)", "164.312(a)(2)(i)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Recreate the endpoint with auth_mode aad_token (the mode cannot be changed in place) and grant callers the scoring role.
#     cli: az ml online-endpoint create --name <endpoint> --workspace-name <workspace> --resource-group <rg> --auth-mode aad_token
#     bicep: |-
#       resource ep 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2025-12-01' = {
#         properties: { authMode: 'AADToken' }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-authenticate-online-endpoint"]
package amlscan.rules.endpoint.online_auth_mode

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.online_endpoints

results contains lib.could_not_resolve(endpoint, paths, evidence(endpoint)) if {
	some endpoint in lib.items(input.online_endpoints)
	lib.item_unresolved(input.online_endpoints, endpoint, paths)
}

results contains lib.pass(endpoint, "The endpoint authenticates callers with Microsoft Entra tokens.", evidence(endpoint)) if {
	some endpoint in lib.items(input.online_endpoints)
	not lib.item_unresolved(input.online_endpoints, endpoint, paths)
	lib.eq_ci(setting(endpoint), "AADToken")
}

results contains lib.fail(
	endpoint,
	concat("", ["The endpoint uses ", lib.text(setting(endpoint)), " authentication (absent means Key) instead of Microsoft Entra tokens."]),
	evidence(endpoint),
) if {
	some endpoint in lib.items(input.online_endpoints)
	not lib.item_unresolved(input.online_endpoints, endpoint, paths)
	not lib.eq_ci(setting(endpoint), "AADToken")
}

paths := ["properties.authMode"]

setting(endpoint) := object.get(endpoint, ["properties", "authMode"], null)

evidence(endpoint) := [{"path": "properties.authMode", "found": setting(endpoint), "expected": "AADToken"}]
