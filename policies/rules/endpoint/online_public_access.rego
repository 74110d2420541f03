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
package amlscan.rules.endpoint_online_public_access

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"

# One definition: a verdict per endpoint when the endpoints are readable (none for an item list
# that is not an array, as before), else the section's unknown. publicNetworkAccess is read once
# per endpoint.
verdicts(inp) := {_opa_verdict(e, object.get(e, ["properties", "publicNetworkAccess"], null)) |
	some e in lib.arr(inp.online_endpoints.items)
} if {
	inp.online_endpoints.status == "ok"
} else := {lib.items_unknown(inp, "online_endpoints", _type)}

_opa_verdict(e, access) := {
	"status": "pass", "resource_id": e.id, "resource_type": e.type,
	"message": "The endpoint's public network access is disabled.",
	"evidence": [{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"}],
} if {
	is_string(access)
	lower(access) == "disabled"
} else := {
	"status": "fail", "resource_id": e.id, "resource_type": e.type,
	"message": concat("", ["The endpoint accepts requests from the internet (publicNetworkAccess ", lib.text(access), "; absent means Enabled)."]),
	"evidence": [{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"}],
}
