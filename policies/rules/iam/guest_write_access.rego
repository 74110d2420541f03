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
package amlscan.rules.iam_guest_write_access

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judged case first, then unreadable role assignments, then an unreadable
# workspace. The storage account's assignments count when they could be read; a list section
# without items makes the findings empty, as before.
verdicts(inp) := {_gw_judge(ws, findings, [{"path": "role_assignments[principal.user_type=Guest or principalType=ForeignGroup]", "found": sort(findings), "expected": []}])} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := lib.role_assignments(inp, ws.id)
	{"ok": true}[sec.status]
	findings := {lib.assignment_label(item) |
		is_array(sec.items)
		some item in array.concat(sec.items, _gw_storage_items(inp))

		# A guest user or a group from another tenant (case-insensitive); both facts are read for
		# every assignment, as by the two definitions of the test this replaces.
		some fact in [
			["guest", object.get(item, ["principal", "user_type"], null)],
			["foreigngroup", object.get(object.get(item.assignment, "properties", {}), "principalType", "")],
		]
		is_string(fact[1])

		# The role definition of a matching assignment only: rego-cpp runs a statement as soon as its
		# variables are bound, so the write test must depend on the match to run after it.
		rd := {fact[0]: item.role_definition}[lower(fact[1])]
		lib.role_grants_any_write(rd)
	}
} else := {lib.section_unknown(sec, "role_assignments", ws.id, ws.type)} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := lib.role_assignments(inp, ws.id)
	not sec.status == "ok"
} else := {lib.workspace_unknown(inp)} if not inp.workspace.status == "ok"

# The storage account's role assignment items: none when there is no readable account or its
# assignments could not be read; undefined (no findings at all) when its ok section has no items.
_gw_storage_items(inp) := sec.items if {
	sasec := inp.storage_account
	{"ok": true}[sasec.status]
	sa := sasec.resource
	is_object(sa)
	sec := lib.role_assignments(inp, sa.id)
	{"ok": true}[sec.status]
	is_array(sec.items)
} else := [] if {
	sasec := inp.storage_account
	{"ok": true}[sasec.status]
	sa := sasec.resource
	is_object(sa)
	not {"ok": true}[lib.role_assignments(inp, sa.id).status]
} else := [] if not lib.resource(lib.section(inp, "storage_account"))

_gw_judge(ws, findings, ev) := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Guest or external principals with write access: ", concat(", ", sort(findings)), "."]), "evidence": ev} if {
	count(findings) > 0
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "No guest or external principal holds a write role on the workspace or its storage.", "evidence": ev}
