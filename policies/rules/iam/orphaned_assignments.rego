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

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_oa_verdict(inp, lib.role_assignments(inp, ws.id), ws)} if ws := lib.resource(inp.workspace)

# The orphan lists are computed once and passed down (rego-cpp does not memoise functions).
_oa_verdict(_, sec, ws) := lib.section_unknown(sec, "role_assignments", ws.id, ws.type) if not lib.ok(sec)

_oa_verdict(inp, sec, ws) := _oa_judge(ws, orphans, unchecked) if {
	lib.ok(sec)
	labelled := [{"label": lib.assignment_label(item), "exists": lib.field(object.get(item, "principal", null), "exists", null)} | some item in lib.all_role_items(inp)]
	orphans := {a.label | some a in labelled; a.exists == false}
	unchecked := {a.label | some a in labelled; not is_boolean(a.exists)}
}

_oa_judge(ws, orphans, unchecked) := lib.fail(ws, concat("", ["Role assignments of deleted principals: ", concat(", ", sort(orphans)), "."]), _oa_ev(orphans, unchecked)) if {
	count(orphans) > 0
} else := lib.unknown(ws.id, ws.type, "Whether some principals still exist could not be checked.", _oa_ev(orphans, unchecked)) if {
	count(unchecked) > 0
} else := lib.pass(ws, "Every principal with a role assignment exists.", _oa_ev(orphans, unchecked))

_oa_ev(orphans, unchecked) := [lib.evidence("role_assignments[*].principal.exists", {"deleted": sort(orphans), "not_checked": sort(unchecked)}, "every principal exists")]
