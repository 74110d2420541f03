# METADATA
# title: No guest or external principal can change an Azure ML registry or its assets
# description: >-
#   Guest (B2B) users and groups from other tenants are managed by another organisation: their
#   joiners, movers and leavers are invisible to yours. None may hold a role on a registry that can
#   write or delete (control-plane write or delete actions, which include publishing and removing
#   models, environments and components, or data write actions), counting assignments inherited from
#   its resource group, subscription and management groups. Principals are recognised from the
#   collected principal facts (user_type Guest) and from principalType ForeignGroup. A registry has no
#   role assignment of its own by default; the inherited ones apply. Every registry of the workspace's
#   subscription is judged (which ones a workspace uses is recorded nowhere on it).
# custom:
#   id: AML-MLR-005
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/registries
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.312(a)(1)"]
#     gdpr: ["25(2)", "32(4)"]
#   remediation:
#     text: >-
#       Remove write roles on the registry from guest and external principals, or give them read-only roles
#       through an access package with expiry.
#     cli: az role assignment delete --assignee <principal-id> --scope <registry-id>
#   references:
#     docs: ["https://learn.microsoft.com/entra/external-id/b2b-fundamentals", "https://learn.microsoft.com/azure/machine-learning/how-to-manage-registries#assign-roles-and-permissions"]
package amlscan.rules.mlregistry.guest_write_access

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
	"No guest or external principal holds a write role on the registry.",
	evidence([]),
) if {
	some [_, registry, _] in lib.ml_registry_items
	section := lib.by_id(lib.ml_registry_role_assignments, registry.id)
	section.status == "ok"
	count(findings(section)) == 0
}

results contains lib.fail(
	registry,
	concat("", ["Guest or external principals with write access to the registry: ", concat(", ", found), "."]),
	evidence(found),
) if {
	some [_, registry, _] in lib.ml_registry_items
	section := lib.by_id(lib.ml_registry_role_assignments, registry.id)
	section.status == "ok"
	found := findings(section)
	count(found) > 0
}

# Labels of the external principals' write assignments, sorted.
findings(section) := sort({lib.assignment_label(item) |
	some item in lib.arr(section.items)
	external(item)
	lib.role_grants_any_write(item.role_definition)
})

# A guest user, or a group from another tenant (case-insensitive).
external(item) if lib.eq_ci(object.get(item, ["principal", "user_type"], null), "Guest")

external(item) if lib.eq_ci(object.get(lib.assignment_props(item), "principalType", ""), "ForeignGroup")

evidence(found) := [{
	"path": "ml_registry_role_assignments[principal.user_type=Guest or principalType=ForeignGroup]",
	"found": found,
	"expected": [],
}]
