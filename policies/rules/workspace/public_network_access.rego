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
#     azure_policy: ["438c38d2-3772-465a-a9cc-7a6666a275ce", "a10ee784-7409-4941-b091-663697637c0f"]
#     psrule: ["Azure.ML.PublicAccess"]
#     checkov: ["CKV_AZURE_144"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link"]
package amlscan.rules.workspace.public_network_access

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.unknown(lib.workspace, "publicNetworkAccess could not be resolved.", evidence(null)) if unresolved

results contains lib.pass(lib.workspace, "Public network access is disabled.", evidence(access)) if {
	not unresolved
	lib.eq_ci(access, "Disabled")
}

results contains lib.fail(
	lib.workspace,
	"publicNetworkAccess is not set, so the service default applies: the workspace is reachable from the internet.",
	evidence(access),
) if {
	not unresolved
	is_null(access)
}

results contains lib.fail(
	lib.workspace,
	sprintf("publicNetworkAccess is %v: the workspace is reachable from the internet.", [access]),
	evidence(access),
) if {
	not unresolved
	not is_null(access)
	not lib.eq_ci(access, "Disabled")
}

access := object.get(lib.workspace, ["properties", "publicNetworkAccess"], null)

unresolved if lib.unresolved(input.workspace, ["properties.publicNetworkAccess"])

evidence(found) := [{"path": "properties.publicNetworkAccess", "found": found, "expected": "Disabled"}]
