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
package amlscan.rules.workspace_public_network_access

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace is readable, else the workspace unknown. (An ok
# workspace section without a resource object gives no verdict, as before.)
verdicts(inp) := {_pna_verdict(sec, ws, object.get(ws, ["properties", "publicNetworkAccess"], null))} if {
	sec := inp.workspace
	sec.status == "ok"
	ws := sec.resource
	is_object(ws)
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"

_pna_verdict(sec, ws, value) := {
	"status": "unknown", "resource_id": ws.id, "resource_type": ws.type,
	"message": "publicNetworkAccess could not be resolved.",
	"evidence": [{"path": "properties.publicNetworkAccess", "found": null, "expected": "Disabled"}],
} if {
	"properties.publicNetworkAccess" in sec.unresolved
} else := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type,
	"message": "Public network access is disabled.",
	"evidence": [{"path": "properties.publicNetworkAccess", "found": value, "expected": "Disabled"}],
} if {
	is_string(value)
	lower(value) == "disabled"
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type,
	"message": "publicNetworkAccess is not set, so the service default applies: the workspace is reachable from the internet.",
	"evidence": [{"path": "properties.publicNetworkAccess", "found": value, "expected": "Disabled"}],
} if {
	is_null(value)
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type,
	"message": sprintf("publicNetworkAccess is %v: the workspace is reachable from the internet.", [value]),
	"evidence": [{"path": "properties.publicNetworkAccess", "found": value, "expected": "Disabled"}],
}
