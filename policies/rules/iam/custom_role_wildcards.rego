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

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_crw_verdict(inp, lib.role_assignments(inp, ws.id), ws)} if ws := lib.resource(inp.workspace)

_findings(inp) := {concat("", [lib.text(lib.role_name(item)), ": ", action]) |
	some item in lib.all_role_items(inp)
	lib.eq_ci(lib.prop(item.role_definition, ["properties", "type"]), "CustomRole")
	some perm in lib.role_permissions(item.role_definition)
	some action in array.concat(object.get(perm, "actions", []), object.get(perm, "dataActions", []))
	contains(action, "*")
	not endswith(lower(action), "/read")
}

# The findings are computed once and passed down (rego-cpp does not memoise functions).
_crw_verdict(_, sec, ws) := lib.section_unknown(sec, "role_assignments", ws.id, ws.type) if not lib.ok(sec)

_crw_verdict(inp, sec, ws) := _crw_judge(ws, _findings(inp)) if lib.ok(sec)

_crw_judge(ws, findings) := lib.fail(ws, concat("", ["Custom roles with wildcard actions are assigned: ", concat("; ", sort(findings)), "."]), _crw_ev(findings)) if {
	count(findings) > 0
} else := lib.pass(ws, "No assigned custom role uses wildcard write actions.", _crw_ev(findings))

_crw_ev(findings) := [lib.evidence("role_assignments[*].role_definition.properties.permissions[*].actions", sort(findings), "no wildcard write action in a custom role")]
