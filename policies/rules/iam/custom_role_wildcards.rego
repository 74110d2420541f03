# METADATA
# title: No custom role with wildcard write actions is assigned in scope
# description: >-
#   A custom role whose actions use a wildcard (for example Microsoft.MachineLearningServices/* or
#   *) silently grows with every new operation the provider adds, so nobody reviewed what it grants.
#   Fails when an assignment on the workspace or its storage account (including inherited ones)
#   uses a CustomRole with a wildcard action other than a read-only pattern (*/read). Built-in roles
#   are maintained by Microsoft and are not judged.
# custom:
#   id: AML-IAM-005
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.308(a)(3)(ii)(A)"]
#     gdpr: ["25(2)", "32(4)"]
#   remediation:
#     text: Replace the wildcard with the explicit actions the role needs, or use a built-in role.
#     cli: az role definition update --role-definition role.json
#   references:
#     docs: ["https://learn.microsoft.com/azure/role-based-access-control/custom-roles"]
package amlscan.rules.iam_custom_role_wildcards

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judged case first, then unreadable workspace role assignments, then an
# unreadable workspace. rego-cpp runs each statement (and the head) as soon as its variables are
# bound, not in written order: the assignments are bound through the workspace section's status,
# so that they are read only once that section is known to be readable.
verdicts(inp) := {_crw_verdict(ws, ras)} if {
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

# Every readable assignment (workspace, storage account, ...) counts.
_crw_verdict(ws, ras) := _crw_judge(ws, findings, [{"path": "role_assignments[*].role_definition.properties.permissions[*].actions", "found": sort(findings), "expected": "no wildcard write action in a custom role"}]) if {
	findings := {concat("", [lib.text(lib.role_name(item)), ": ", action]) |
		is_object(ras)
		some rsec in ras
		{"ok": true}[rsec.status]
		is_array(rsec.items)
		some item in rsec.items
		is_object(item.role_definition)
		kind := object.get(item.role_definition, ["properties", "type"], null)
		is_string(kind)

		# Custom roles only. rego-cpp runs a statement as soon as its variables are bound, so the
		# permissions are read from a value that exists only for a custom role.
		rd := {"customrole": item.role_definition}[lower(kind)]
		some perm in object.get(object.get(rd, "properties", {}), "permissions", [])
		is_object(perm)
		some key in ["actions", "dataActions"]
		some action in lib.arr(object.get(perm, key, []))
		is_string(action)
		contains(action, "*")
		not endswith(lower(action), "/read")
	}
}

_crw_judge(ws, findings, ev) := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Custom roles with wildcard actions are assigned: ", concat("; ", sort(findings)), "."]), "evidence": ev} if {
	count(findings) > 0
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "No assigned custom role uses wildcard write actions.", "evidence": ev}
