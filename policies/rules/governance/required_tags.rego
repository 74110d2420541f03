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
package amlscan.rules.governance_required_tags

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

verdicts(inp) := _rt_verdicts(inp, lib.params.required_tags)

# For tests that pass their own parameters.
verdicts_with(inp, p) := _rt_verdicts(inp, p.required_tags)

# One definition: the workspace judged first, else its unknown. Tag names are case-insensitive
# (lib.tags_ci); a tag that is absent, not a string or blank is missing.
_rt_verdicts(inp, required) := {_rt_judge(wsec, ws, missing, [{"path": "tags", "found": object.get(ws, "tags", null), "expected": required}])} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	tags := lib.tags_ci(ws)
	missing := [name |
		some name in required
		value := object.get(tags, lower(name), null)
		trim_space({true: value, false: ""}[is_string(value)]) == "" # value if a string, else ""
	]
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"

_rt_judge(wsec, ws, missing, ev) := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": "The workspace tags could not be resolved.", "evidence": ev} if {
	"tags" in object.get(wsec, "unresolved", [])
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "All required tags are present.", "evidence": ev} if {
	count(missing) == 0
} else := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Missing or empty required tag(s): ", concat(", ", missing), "."]), "evidence": ev}
