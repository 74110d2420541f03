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
package amlscan.rules.iam.max_owners

import data.amlscan.lib

# Owners of the workspace, inherited assignments included, against the parameter max_owners.

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(assignments, "role_assignments", lib.workspace.id, lib.workspace.type) if {
	not assignments.status == "ok"
}

results contains lib.pass(
	lib.workspace,
	concat("", [lib.text(count(owners)), " principal(s) own the workspace (limit ", lib.text(limit), ")."]),
	evidence,
) if {
	assignments.status == "ok"
	count(owners) <= limit
}

results contains lib.fail(
	lib.workspace,
	concat("", [
		lib.text(count(owners)), " principals own the workspace, more than the limit of ", lib.text(limit), ": ",
		concat(", ", labels), ".",
	]),
	evidence,
) if {
	assignments.status == "ok"
	count(owners) > limit
}

limit := lib.params.max_owners

assignments := lib.by_id(lib.role_assignments, lib.workspace.id)

owner_assignments contains item if {
	some item in lib.items(assignments)
	lib.is_owner(item)
}

# Principals, each counted once however many Owner assignments it holds.
owners contains object.get(lib.assignment_props(item), "principalId", "") if some item in owner_assignments

labels := sort({lib.assignment_label(item) | some item in owner_assignments})

evidence := [{
	"path": "role_assignments[role=Owner].principalId",
	"found": labels,
	"expected": concat("", ["at most ", lib.text(limit), " principals"]),
}]
