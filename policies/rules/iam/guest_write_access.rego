# METADATA
# title: No guest or external principal can change the workspace or write its data
# description: >-
#   Guest (B2B) users and foreign groups are managed by another organisation: their joiners, movers
#   and leavers are invisible to yours. None may hold a role that can write to or delete from the
#   workspace or its storage account (control-plane write or delete actions, or data write actions),
#   including inherited assignments. Principals are recognised from the collected principal facts
#   (user_type Guest) and from principalType ForeignGroup. Storage account assignments are included
#   when they could be collected.
# custom:
#   id: AML-IAM-004
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.312(a)(1)"]
#     gdpr: ["25(2)", "32(4)"]
#   remediation:
#     text: Remove write roles from guest and external principals, or give them read-only roles through an access package with expiry.
#     cli: az role assignment delete --assignee <principal-id> --scope <scope>
#   references:
#     docs: ["https://learn.microsoft.com/entra/external-id/b2b-fundamentals"]
package amlscan.rules.iam.guest_write_access

import data.amlscan.lib

# Write roles of guests and groups from other tenants on the workspace and on its storage account.

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(assignments, "role_assignments", lib.workspace.id, lib.workspace.type) if {
	not assignments.status == "ok"
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Guest or external principals with write access: ", concat(", ", sort(findings)), "."]),
	evidence,
) if {
	assignments.status == "ok"
	count(findings) > 0
}

results contains lib.pass(
	lib.workspace,
	"No guest or external principal holds a write role on the workspace or its storage.",
	evidence,
) if {
	assignments.status == "ok"
	count(findings) == 0
}

assignments := lib.by_id(lib.role_assignments, lib.workspace.id)

# The storage account's assignments count when they could be read.
default storage_assignments := []

storage_assignments := lib.items(lib.by_id(lib.role_assignments, lib.resource(input.storage_account).id))

findings contains lib.assignment_label(item) if {
	some item in array.concat(lib.items(assignments), storage_assignments)
	external(item)
	lib.role_grants_any_write(item.role_definition)
}

# A guest user, or a group from another tenant (case-insensitive).
external(item) if lib.eq_ci(object.get(item, ["principal", "user_type"], null), "Guest")

external(item) if lib.eq_ci(object.get(lib.assignment_props(item), "principalType", ""), "ForeignGroup")

evidence := [{
	"path": "role_assignments[principal.user_type=Guest or principalType=ForeignGroup]",
	"found": sort(findings),
	"expected": [],
}]
