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

results := verdicts(input)

_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"

verdicts(inp) := {lib.list_unknown(inp, "online_endpoints", _type)} if not lib.ok(lib.section(inp, "online_endpoints"))

verdicts(inp) := {_verdict1(e) | some e in lib.items(lib.section(inp, "online_endpoints"))} if lib.ok(lib.section(inp, "online_endpoints"))

_path := "properties.publicNetworkAccess"

_value(e) := lib.prop(e, ["properties", "publicNetworkAccess"])

_verdict1(e) := lib.pass(e, "The endpoint's public network access is disabled.", [lib.evidence(_path, _value(e), "Disabled")]) if lib.eq_ci(_value(e), "Disabled")

_verdict1(e) := lib.fail(e, concat("", ["The endpoint accepts requests from the internet (publicNetworkAccess ", lib.text(_value(e)), "; absent means Enabled)."]), [lib.evidence(_path, _value(e), "Disabled")]) if {
	not lib.eq_ci(_value(e), "Disabled")
}
