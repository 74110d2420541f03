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

results := verdicts(input)

_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"

verdicts(inp) := {lib.list_unknown(inp, "online_endpoints", _type)} if not lib.ok(lib.section(inp, "online_endpoints"))

verdicts(inp) := {_verdict1(e) | some e in lib.items(lib.section(inp, "online_endpoints"))} if lib.ok(lib.section(inp, "online_endpoints"))

_path := "properties.authMode"

_value(e) := lib.prop(e, ["properties", "authMode"])

_verdict1(e) := lib.pass(e, "The endpoint authenticates callers with Microsoft Entra tokens.", [lib.evidence(_path, _value(e), "AADToken")]) if lib.eq_ci(_value(e), "AADToken")

_verdict1(e) := lib.fail(e, concat("", ["The endpoint uses ", lib.text(_value(e)), " authentication (absent means Key) instead of Microsoft Entra tokens."]), [lib.evidence(_path, _value(e), "AADToken")]) if {
	not lib.eq_ci(_value(e), "AADToken")
}
