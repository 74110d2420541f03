# METADATA
# title: No role assignment points at a deleted principal
# description: >-
#   An assignment whose principal was deleted ("Identity not found") is dead weight that hides the
#   real access picture and shows that access is not reviewed when people and apps leave. Fails when
#   any assignment on the workspace or its storage account belongs to a principal the directory
#   reports as gone (principal.exists false). Unknown when the principal facts could not be looked up
#   for some assignment and none is known to be orphaned.
# custom:
#   id: AML-IAM-006
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.308(a)(3)(ii)(C)"]
#     gdpr: ["5(2)", "32(1)(d)"]
#   remediation:
#     text: Delete the role assignments of deleted principals and review access when people or applications leave.
#     cli: az role assignment delete --ids <assignment-id>
#   references:
#     docs: ["https://learn.microsoft.com/azure/role-based-access-control/troubleshoot-role-assignments#role-assignments-with-identity-not-found"]
package amlscan.rules.iam_orphaned_assignments

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judged case first, then unreadable workspace role assignments, then an
# unreadable workspace. rego-cpp runs each statement (and the head) as soon as its variables are
# bound, not in written order: the assignments are bound through the workspace section's status,
# so that they are read only once that section is known to be readable.
verdicts(inp) := {_oa_verdict(ws, ras)} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := lib.role_assignments(inp, ws.id)
	ras := {"ok": inp.role_assignments}[sec.status]
} else := {lib.section_unknown(sec, "role_assignments", ws.id, ws.type)} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := lib.role_assignments(inp, ws.id)
	not sec.status == "ok"
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

# Every readable assignment (workspace, storage account, ...) is labelled once, with whether its
# principal exists.
_oa_verdict(ws, ras) := _oa_judge(ws, orphans, unchecked, [{"path": "role_assignments[*].principal.exists", "found": {"deleted": sort(orphans), "not_checked": sort(unchecked)}, "expected": "every principal exists"}]) if {
	labelled := [[lib.assignment_label(item), object.get(item, ["principal", "exists"], null)] |
		is_object(ras)
		some rsec in ras
		{"ok": true}[rsec.status]
		is_array(rsec.items)
		some item in rsec.items
	]
	orphans := {a[0] | some a in labelled; a[1] == false}
	unchecked := {a[0] | some a in labelled; not is_boolean(a[1])}
}

_oa_judge(ws, orphans, unchecked, ev) := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Role assignments of deleted principals: ", concat(", ", sort(orphans)), "."]), "evidence": ev} if {
	count(orphans) > 0
} else := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": "Whether some principals still exist could not be checked.", "evidence": ev} if {
	count(unchecked) > 0
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "Every principal with a role assignment exists.", "evidence": ev}
