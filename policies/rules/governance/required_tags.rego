# METADATA
# title: Workspace carries the required tags
# description: >-
#   Tags tie the workspace to an owner, a cost centre, an environment and a data classification:
#   the inventory a record of processing activities and a risk analysis start from. The
#   required_tags parameter lists them (default environment, cost-center, data-classification).
#   Tag names compare case-insensitively; an empty value counts as missing. New workspaces have no
#   tags.
# custom:
#   id: AML-GOV-005
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(A)"]
#     gdpr: ["30(1)", "5(2)"]
#   remediation:
#     text: Add the missing tags to the workspace.
#     cli: az tag update --resource-id <workspace-id> --operation merge --tags environment=<env> cost-center=<cc> data-classification=<class>
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         tags: { environment: 'production', 'cost-center': 'CC-1234', 'data-classification': 'phi' }
#       }
#   references:
#     psrule: ["Azure.Resource.RequiredTags"]
#     docs: ["https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources"]
package amlscan.rules.governance.required_tags

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.unknown(lib.workspace, "The workspace tags could not be resolved.", evidence) if unresolved

results contains lib.pass(lib.workspace, "All required tags are present.", evidence) if {
	not unresolved
	count(missing) == 0
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Missing or empty required tag(s): ", concat(", ", missing), "."]),
	evidence,
) if {
	not unresolved
	count(missing) > 0
}

required := lib.params.required_tags

# The required tags (parameter required_tags) the workspace lacks, or holds blank or not as a
# string, in the order of the parameter. Tag names are case-insensitive.
missing := [name |
	some name in required
	not lib.nonempty(object.get(workspace_tags, lower(name), null))
]

workspace_tags := lib.tags_ci(lib.workspace)

unresolved if lib.unresolved(input.workspace, ["tags"])

evidence := [{"path": "tags", "found": object.get(lib.workspace, "tags", null), "expected": required}]
