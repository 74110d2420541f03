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
#     docs: ["https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources"]
package amlscan.rules.governance_required_tags

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

verdicts_with(inp, _) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts_with(inp, p) := {_verdict3(inp.workspace, ws, p)} if ws := lib.resource(inp.workspace)

# The missing tags are worked out once and passed down; the branches are an else-chain (rego-cpp
# does not memoise functions).
_verdict3(sec, ws, p) := _rt_judge(sec, ws, [name |
	some name in p.required_tags
	not lib.nonempty(tags[lower(name)])
], [lib.evidence("tags", object.get(ws, "tags", null), p.required_tags)]) if {
	tags := lib.tags_ci(ws)
}

_rt_judge(sec, ws, missing, ev) := lib.unknown(ws.id, ws.type, "The workspace tags could not be resolved.", ev) if {
	lib.unresolved(sec, "tags")
} else := lib.pass(ws, "All required tags are present.", ev) if {
	count(missing) == 0
} else := lib.fail(ws, concat("", ["Missing or empty required tag(s): ", concat(", ", missing), "."]), ev)
