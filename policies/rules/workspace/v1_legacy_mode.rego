# METADATA
# title: Workspace v1 legacy mode is off
# description: >-
#   v1LegacyMode turns off the v2 API's network isolation and keeps the older v1 behaviour, where
#   metadata travels through public endpoints even for a private workspace. Absent means the service
#   default, false, which passes. The Azure Policy built-in e413671a audits the opposite (it wants
#   v1LegacyMode on for backward compatibility); this rule deliberately disagrees, because for
#   regulated data the v2 isolation is what matters.
# custom:
#   id: AML-NET-005
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: Set v1LegacyMode to false and move remaining v1 SDK or CLI workloads to v2.
#     cli: az ml workspace update --name <workspace> --resource-group <rg> --v1-legacy-mode false
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { v1LegacyMode: false }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-configure-network-isolation-with-v2"]
package amlscan.rules.workspace.v1_legacy_mode

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.could_not_resolve(ws, paths, evidence) if lib.unresolved(input.workspace, paths)

results contains lib.pass(
	ws,
	"v1 legacy mode is off (false or absent, the service default).",
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	off
}

results contains lib.fail(
	ws,
	"v1LegacyMode is true: the v2 API network isolation is turned off.",
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	not off
}

ws := lib.workspace

legacy := object.get(ws, ["properties", "v1LegacyMode"], null)

paths := ["properties.v1LegacyMode"]

evidence := [{"path": "properties.v1LegacyMode", "found": legacy, "expected": false}]

off if legacy != true
