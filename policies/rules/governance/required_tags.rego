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

_missing2(ws, p) := [name |
	some name in p.required_tags
	not lib.nonempty(lib.tag_value(ws, name))
]

_ev2(ws, p) := [lib.evidence("tags", object.get(ws, "tags", null), p.required_tags)]

_verdict3(sec, ws, p) := lib.unknown(ws.id, ws.type, "The workspace tags could not be resolved.", _ev2(ws, p)) if lib.unresolved(sec, "tags")

_verdict3(sec, ws, p) := lib.pass(ws, "All required tags are present.", _ev2(ws, p)) if {
	not lib.unresolved(sec, "tags")
	count(_missing2(ws, p)) == 0
}

_verdict3(sec, ws, p) := lib.fail(ws, concat("", ["Missing or empty required tag(s): ", concat(", ", _missing2(ws, p)), "."]), _ev2(ws, p)) if {
	not lib.unresolved(sec, "tags")
	count(_missing2(ws, p)) > 0
}
