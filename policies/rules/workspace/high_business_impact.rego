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
package amlscan.rules.workspace.high_business_impact

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.pass(
	lib.workspace,
	"The workspace is not tagged as holding regulated data; hbiWorkspace is not required.",
	evidence,
) if {
	not lib.regulated(lib.workspace)
}

results contains lib.could_not_resolve(lib.workspace, ["properties.hbiWorkspace"], evidence) if {
	lib.regulated(lib.workspace)
	unresolved
}

results contains lib.pass(
	lib.workspace,
	"The workspace is tagged as holding regulated data and hbiWorkspace is true.",
	evidence,
) if {
	lib.regulated(lib.workspace)
	not unresolved
	hbi == true
}

results contains lib.fail(
	lib.workspace,
	"The workspace is tagged as holding regulated data but hbiWorkspace is false or absent (service default: false).",
	evidence,
) if {
	lib.regulated(lib.workspace)
	not unresolved
	hbi != true
}

hbi := object.get(lib.workspace, ["properties", "hbiWorkspace"], null)

unresolved if lib.unresolved(input.workspace, ["properties.hbiWorkspace"])

evidence := [
	{"path": "properties.hbiWorkspace", "found": hbi, "expected": true},
	{
		"path": concat("", ["tags.", lib.params.regulated_data_tag]),
		"found": object.get(lib.tags_ci(lib.workspace), lib.regulated_tag, null),
		"expected": lib.params.regulated_data_values,
	},
]
