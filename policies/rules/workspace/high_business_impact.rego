# METADATA
# title: Workspace holding regulated data is flagged high business impact
# description: >-
#   hbiWorkspace reduces the diagnostic data Microsoft collects, encrypts the local scratch disks
#   of compute clusters and cleans them between jobs. Workspaces tagged as holding regulated data
#   (the tag named by the regulated_data_tag parameter, default data-classification, with one of
#   regulated_data_values) must set it. Absent means the service default, false. Untagged workspaces
#   pass: the flag is not required for them. It can only be set at creation.
# custom:
#   id: AML-ENC-003
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["25(2)", "32(1)(a)"]
#   remediation:
#     text: Recreate the workspace with hbiWorkspace set to true (it cannot be changed later) and move the assets across.
#     cli: az ml workspace create --name <workspace> --resource-group <rg> --hbi-workspace
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { hbiWorkspace: true }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/concept-data-encryption"]
package amlscan.rules.workspace_high_business_impact

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

verdicts_with(inp, _) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts_with(inp, p) := {_verdict3(inp.workspace, ws, p)} if ws := lib.resource(inp.workspace)

_path := "properties.hbiWorkspace"

_ev2(ws, p) := [
	lib.evidence(_path, lib.prop(ws, ["properties", "hbiWorkspace"]), true),
	lib.evidence(concat("", ["tags.", p.regulated_data_tag]), object.get(lib.tags_ci(ws), lower(p.regulated_data_tag), null), p.regulated_data_values),
]

# An else-chain, so whether the workspace is regulated is worked out once (rego-cpp does not memoise).
_verdict3(sec, ws, p) := lib.judge(
	sec, ws, [_path], _good(ws),
	"The workspace is tagged as holding regulated data and hbiWorkspace is true.",
	"The workspace is tagged as holding regulated data but hbiWorkspace is false or absent (service default: false).",
	_ev2(ws, p),
) if {
	lib.regulated_with(ws, p)
} else := lib.pass(ws, "The workspace is not tagged as holding regulated data; hbiWorkspace is not required.", _ev2(ws, p))

_good(ws) := true if lib.prop(ws, ["properties", "hbiWorkspace"]) == true else := false
