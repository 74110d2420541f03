# METADATA
# title: Workspace public network access is disabled
# description: >-
#   An Azure Machine Learning workspace reachable from the public internet exposes its APIs,
#   studio and the data behind them to anyone holding a credential. Regulated data should only be
#   reachable through private endpoints. An absent publicNetworkAccess means the service default,
#   Enabled (Azure Policy reads it the same way), so only an explicit Disabled passes.
# custom:
#   id: AML-NET-001
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: Disable public network access and reach the workspace through a private endpoint.
#     cli: az ml workspace update --name <workspace> --resource-group <rg> --public-network-access Disabled
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { publicNetworkAccess: 'Disabled' }
#       }
#   references:
#     azure_policy: ["a10ee784-7409-4941-b091-663697637c0f"]
#     psrule: ["Azure.ML.PublicAccess"]
#     checkov: ["CKV_AZURE_144"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link"]
package amlscan.rules.workspace_public_network_access

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(inp.workspace, ws)} if ws := lib.resource(inp.workspace)

_path := "properties.publicNetworkAccess"

_verdict(section, ws) := lib.unknown(ws.id, ws.type, "publicNetworkAccess could not be resolved.", [lib.evidence(_path, null, "Disabled")]) if {
	lib.unresolved(section, _path)
}

_verdict(section, ws) := lib.pass(ws, "Public network access is disabled.", [lib.evidence(_path, value, "Disabled")]) if {
	not lib.unresolved(section, _path)
	value := lib.prop(ws, ["properties", "publicNetworkAccess"])
	lib.eq_ci(value, "Disabled")
}

_verdict(section, ws) := lib.fail(ws, _fail_message(value), [lib.evidence(_path, value, "Disabled")]) if {
	not lib.unresolved(section, _path)
	value := lib.prop(ws, ["properties", "publicNetworkAccess"])
	not lib.eq_ci(value, "Disabled")
}

_fail_message(null) := "publicNetworkAccess is not set, so the service default applies: the workspace is reachable from the internet."

_fail_message(value) := sprintf("publicNetworkAccess is %v: the workspace is reachable from the internet.", [value]) if value != null
