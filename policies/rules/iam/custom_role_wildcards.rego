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
package amlscan.rules.iam.custom_role_wildcards

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
	concat("", ["Custom roles with wildcard actions are assigned: ", concat("; ", sort(findings)), "."]),
	evidence,
) if {
	assignments.status == "ok"
	count(findings) > 0
}

results contains lib.pass(lib.workspace, "No assigned custom role uses wildcard write actions.", evidence) if {
	assignments.status == "ok"
	count(findings) == 0
}

assignments := lib.by_id(lib.role_assignments, lib.workspace.id)

# "<role name>: <action>" for each wildcard action that is not a read, in a custom role.
findings contains concat("", [lib.text(lib.role_name(item)), ": ", action]) if {
	some section in lib.role_assignments
	some item in lib.items(section)
	definition := item.role_definition
	is_object(definition)
	lib.eq_ci(object.get(definition, ["properties", "type"], null), "CustomRole")
	some permission in lib.role_permissions(definition)
	is_object(permission)
	some key in ["actions", "dataActions"]
	some action in lib.arr(object.get(permission, key, []))
	is_string(action)
	contains(action, "*")
	not endswith(lower(action), "/read")
}

evidence := [{
	"path": "role_assignments[*].role_definition.properties.permissions[*].actions",
	"found": sort(findings),
	"expected": "no wildcard write action in a custom role",
}]
