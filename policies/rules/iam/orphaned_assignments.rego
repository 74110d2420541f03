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
package amlscan.rules.iam.orphaned_assignments

import data.amlscan.lib

# Every readable role assignment of the entry (workspace, storage account, ...) counts.

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(assignments, "role_assignments", lib.workspace.id, lib.workspace.type) if {
	not assignments.status == "ok"
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Role assignments of deleted principals: ", concat(", ", sort(deleted)), "."]),
	evidence,
) if {
	assignments.status == "ok"
	count(deleted) > 0
}

results contains lib.unknown(lib.workspace, "Whether some principals still exist could not be checked.", evidence) if {
	assignments.status == "ok"
	count(deleted) == 0
	count(not_checked) > 0
}

results contains lib.pass(lib.workspace, "Every principal with a role assignment exists.", evidence) if {
	assignments.status == "ok"
	count(deleted) == 0
	count(not_checked) == 0
}

assignments := lib.by_id(lib.role_assignments, lib.workspace.id)

every_assignment contains item if {
	some section in lib.role_assignments
	some item in lib.items(section)
}

deleted contains lib.assignment_label(item) if {
	some item in every_assignment
	object.get(item, ["principal", "exists"], null) == false
}

not_checked contains lib.assignment_label(item) if {
	some item in every_assignment
	not is_boolean(object.get(item, ["principal", "exists"], null))
}

evidence := [{
	"path": "role_assignments[*].principal.exists",
	"found": {"deleted": sort(deleted), "not_checked": sort(not_checked)},
	"expected": "every principal exists",
}]
