# METADATA
# title: Only allowed principals own or contribute to an Azure ML registry
# description: >-
#   Owners and Contributors of a registry can open its network, change who may use it, and replace
#   the models and environments every workspace of the organisation deploys. Each principal holding
#   Owner, Contributor or another role granting every action (`*`) on the registry, counting
#   assignments inherited from its resource group, subscription and management groups (a registry has
#   no role assignment of its own by default), must be listed
#   in the ml_registry_admin_principal_ids parameter (default: none, so any such assignment fails;
#   eligible Privileged Identity Management assignments are not active assignments and do not count).
#   Every registry of the workspace's subscription is judged (which ones a workspace uses is recorded
#   nowhere on it).
# custom:
#   id: AML-MLR-004
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/registries
#   frameworks:
#     hipaa: ["164.308(a)(3)(ii)(A)", "164.308(a)(4)"]
#     gdpr: ["25(2)", "32(4)"]
#   remediation:
#     text: >-
#       Remove standing Owner and Contributor assignments that reach the registry from principals not on the
#       allowed list; publish assets with the AzureML Registry User role and elevate through Privileged Identity
#       Management when administration is needed.
#     cli: az role assignment delete --assignee <principal-id> --role Contributor --scope <scope>
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-manage-registries#assign-roles-and-permissions", "https://learn.microsoft.com/azure/role-based-access-control/best-practices"]
package amlscan.rules.mlregistry.owners_contributors

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.ml_registries_unknown

results contains lib.section_unknown(section, "ml_registry_role_assignments", registry.id, registry.type) if {
	some [_, registry, _] in lib.ml_registry_items
	section := lib.by_id(lib.ml_registry_role_assignments, registry.id)
	not section.status == "ok"
}

results contains lib.pass(
	registry,
	allowed_message(count(admins)),
	evidence(admins),
) if {
	some [_, registry, _] in lib.ml_registry_items
	section := lib.by_id(lib.ml_registry_role_assignments, registry.id)
	section.status == "ok"
	admins := [item | some item in lib.arr(section.items); administers(item)]
	count([item | some item in admins; not allowed_principal(item)]) == 0
}

results contains lib.fail(
	registry,
	concat("", ["Principals outside ml_registry_admin_principal_ids own or contribute to the registry: ", concat(", ", labels), "."]),
	evidence(admins),
) if {
	some [_, registry, _] in lib.ml_registry_items
	section := lib.by_id(lib.ml_registry_role_assignments, registry.id)
	section.status == "ok"
	admins := [item | some item in lib.arr(section.items); administers(item)]
	labels := sort({lib.assignment_label(item) | some item in admins; not allowed_principal(item)})
	count(labels) > 0
}

# Owner (lib.is_owner), Contributor by role definition id or name, or any role granting every
# action ("*" not excluded by notActions).
administers(item) if lib.is_owner(item)

administers(item) if endswith(lower(lib.text(object.get(lib.assignment_props(item), "roleDefinitionId", ""))), contributor_guid)

administers(item) if lib.eq_ci(lib.role_name(item), "Contributor")

administers(item) if {
	some permission in lib.role_permissions(item.role_definition)
	is_object(permission)
	"*" in lib.arr(object.get(permission, "actions", []))
	not "*" in lib.arr(object.get(permission, "notActions", []))
}

# The pass message for n assignments, all allowed.
allowed_message(0) := "No Owner, Contributor or all-actions role assignment reaches the registry."

allowed_message(n) := concat("", [
	format_int(n, 10), " Owner, Contributor or all-actions role assignment(s) reach the registry, ",
	"all held by principals in ml_registry_admin_principal_ids.",
]) if {
	n > 0
}

contributor_guid := "b24988ac-6180-42a0-ab88-20f7382dd24c"

allowed_ids contains lower(id) if {
	some id in lib.params.ml_registry_admin_principal_ids
	is_string(id)
}

allowed_principal(item) if {
	id := object.get(lib.assignment_props(item), "principalId", null)
	is_string(id)
	lower(id) in allowed_ids
}

evidence(admins) := [{
	"path": "ml_registry_role_assignments[role=Owner, Contributor or *].principalId",
	"found": sort({lib.assignment_label(item) | some item in admins}),
	"expected": "principals listed in ml_registry_admin_principal_ids",
}]
