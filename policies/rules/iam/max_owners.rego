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

# METADATA
# entrypoint: true
results := verdicts(input)

verdicts(inp) := _mo_verdicts(inp, lib.params.max_owners)

# For tests that pass their own parameters.
verdicts_with(inp, p) := _mo_verdicts(inp, p.max_owners)

# One definition: the judged case first, then unreadable role assignments, then an unreadable
# workspace. Each owner assignment is read once, into [principal id, label].
_mo_verdicts(inp, max_allowed) := {_mo_judge(ws, max_allowed, owners, [{"path": "role_assignments[role=Owner].principalId", "found": labels, "expected": concat("", ["at most ", lib.text(max_allowed), " principals"])}])} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := lib.role_assignments(inp, ws.id)
	{"ok": true}[sec.status]
	owned := [[object.get(lib.assignment_props(item), "principalId", ""), lib.assignment_label(item)] |
		is_array(sec.items)
		some item in sec.items
		lib.is_owner(item)
	]
	owners := {o[0] | some o in owned}
	labels := sort({o[1] | some o in owned})
} else := {lib.section_unknown(sec, "role_assignments", ws.id, ws.type)} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := lib.role_assignments(inp, ws.id)
	not sec.status == "ok"
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

_mo_judge(ws, max_allowed, owners, ev) := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", [lib.text(count(owners)), " principal(s) own the workspace (limit ", lib.text(max_allowed), ")."]), "evidence": ev} if {
	count(owners) <= max_allowed
} else := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", [lib.text(count(owners)), " principals own the workspace, more than the limit of ", lib.text(max_allowed), ": ", concat(", ", ev[0].found), "."]), "evidence": ev} if {
	count(owners) > max_allowed
}
