# METADATA
# title: Few principals own the workspace
# description: >-
#   Every Owner can change the workspace, its network and its role assignments, so each one is a
#   path to the data. At most max_owners principals (parameter, default 3) may hold the Owner role
#   on the workspace, counting assignments inherited from the resource group, subscription and
#   management groups. A group counts as one principal.
# custom:
#   id: AML-IAM-003
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.308(a)(3)(ii)(A)"]
#     gdpr: ["25(2)", "32(4)"]
#   remediation:
#     text: Remove standing Owner assignments beyond the allowed number; use Privileged Identity Management for just-in-time elevation.
#     cli: az role assignment delete --assignee <principal-id> --role Owner --scope <scope>
#   references:
#     docs: ["https://learn.microsoft.com/azure/role-based-access-control/best-practices#limit-the-number-of-subscription-owners"]
package amlscan.rules.iam_max_owners

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

verdicts_with(inp, _) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts_with(inp, p) := {_mo_verdict(lib.role_assignments(inp, ws.id), ws, p)} if ws := lib.resource(inp.workspace)

# The owner assignments are found once and passed down (rego-cpp does not memoise functions).
_mo_verdict(sec, ws, _) := lib.section_unknown(sec, "role_assignments", ws.id, ws.type) if not lib.ok(sec)

_mo_verdict(sec, ws, p) := _mo_judge(ws, p, owners, labels) if {
	lib.ok(sec)
	items := [item | some item in lib.items(sec); lib.is_owner(item)]
	owners := {lib.principal_id(item) | some item in items}
	labels := sort({lib.assignment_label(item) | some item in items})
}

_mo_judge(ws, p, owners, labels) := lib.pass(ws, concat("", [lib.text(count(owners)), " principal(s) own the workspace (limit ", lib.text(p.max_owners), ")."]), _mo_ev(labels, p)) if {
	count(owners) <= p.max_owners
} else := lib.fail(ws, concat("", [lib.text(count(owners)), " principals own the workspace, more than the limit of ", lib.text(p.max_owners), ": ", concat(", ", labels), "."]), _mo_ev(labels, p)) if {
	count(owners) > p.max_owners
}

_mo_ev(labels, p) := [lib.evidence("role_assignments[role=Owner].principalId", labels, concat("", ["at most ", lib.text(p.max_owners), " principals"]))]
