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
#     gdpr: ["28(1)", "32(4)"]
#   remediation:
#     text: Remove write roles from guest and external principals, or give them read-only roles through an access package with expiry.
#     cli: az role assignment delete --assignee <principal-id> --scope <scope>
#   references:
#     docs: ["https://learn.microsoft.com/entra/external-id/b2b-fundamentals"]
package amlscan.rules.iam_guest_write_access

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_gw_verdict(inp, lib.role_assignments(inp, ws.id), ws)} if ws := lib.resource(inp.workspace)

_storage_items(inp) := lib.items(lib.role_assignments(inp, lib.resource(inp.storage_account).id))

_storage_items(inp) := [] if not lib.resource(inp.storage_account)

_storage_items(inp) := [] if {
	sa := lib.resource(inp.storage_account)
	not lib.ok(lib.role_assignments(inp, sa.id))
}

_external(item) if lib.eq_ci(lib.field(object.get(item, "principal", null), "user_type", null), "Guest")

_external(item) if lib.eq_ci(lib.principal_type(item), "ForeignGroup")

_writes(item) if lib.role_grants_write(item.role_definition)

_writes(item) if lib.role_grants_data_write(item.role_definition)

# The findings are computed once and passed down (rego-cpp does not memoise functions).
_gw_verdict(_, sec, ws) := lib.section_unknown(sec, "role_assignments", ws.id, ws.type) if not lib.ok(sec)

_gw_verdict(inp, sec, ws) := _gw_judge(ws, findings) if {
	lib.ok(sec)
	findings := {lib.assignment_label(item) |
		some item in array.concat(lib.items(sec), _storage_items(inp))
		_external(item)
		_writes(item)
	}
}

_gw_judge(ws, findings) := lib.fail(ws, concat("", ["Guest or external principals with write access: ", concat(", ", sort(findings)), "."]), _gw_ev(findings)) if {
	count(findings) > 0
} else := lib.pass(ws, "No guest or external principal holds a write role on the workspace or its storage.", _gw_ev(findings))

_gw_ev(findings) := [lib.evidence("role_assignments[principal.user_type=Guest or principalType=ForeignGroup]", sort(findings), [])]
