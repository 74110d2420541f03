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
package amlscan.rules.endpoint_online_auth_mode

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"

# One definition: a verdict per endpoint when the endpoints are readable (none for an item list
# that is not an array, as before), else the section's unknown. authMode is read once per endpoint.
verdicts(inp) := {_oam_verdict(e, object.get(e, ["properties", "authMode"], null)) |
	some e in lib.arr(inp.online_endpoints.items)
} if {
	inp.online_endpoints.status == "ok"
} else := {lib.items_unknown(inp, "online_endpoints", _type)}

_oam_verdict(e, mode) := {
	"status": "pass", "resource_id": e.id, "resource_type": e.type,
	"message": "The endpoint authenticates callers with Microsoft Entra tokens.",
	"evidence": [{"path": "properties.authMode", "found": mode, "expected": "AADToken"}],
} if {
	is_string(mode)
	lower(mode) == "aadtoken"
} else := {
	"status": "fail", "resource_id": e.id, "resource_type": e.type,
	"message": concat("", ["The endpoint uses ", lib.text(mode), " authentication (absent means Key) instead of Microsoft Entra tokens."]),
	"evidence": [{"path": "properties.authMode", "found": mode, "expected": "AADToken"}],
}
