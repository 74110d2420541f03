package amlscan.lib

# Role assignment items: {assignment, role_definition, principal?, inherited_from?} (docs/snapshot-format.md).

# Role definitions: actions that change things (control plane), or data actions that write. Matched
# with one regular expression on the lower-cased action ("*", or ending in /write, /delete, /*; data
# actions also /add/action, /move/action): one built-in instead of a test per suffix.
role_permissions(rd) := object.get(props, "permissions", []) if {
	is_object(rd)
	props := object.get(rd, "properties", {})
	is_object(props)
} else := []

# A write action or a writing data action, not excluded: [actions key, exclusions key, pattern].
role_grants_any_write(rd) if {
	some perm in role_permissions(rd)
	some kind in [
		["actions", "notActions", `^\*$|/(write|delete|\*)$`],
		["dataActions", "notDataActions", `^\*$|/(write|delete|\*|add/action|move/action)$`],
	]
	is_object(perm)
	some action in object.get(perm, kind[0], [])
	is_string(action)
	regex.match(kind[2], lower(action))
	not action in object.get(perm, kind[1], [])
}

# The role name of an assignment item ("" when its role definition is unknown).
role_name(item) := name if {
	rd := item.role_definition
	is_object(rd)
	props := object.get(rd, "properties", {})
	is_object(props)
	name := object.get(props, "roleName", "")
	is_string(name)
} else := ""

# The properties of an assignment item's role assignment ({} when they are not an object).
assignment_props(item) := props if {
	props := item.assignment.properties
	is_object(props)
} else := {}

# Owner by role definition id (the built-in Owner role) or by role name. Both tests are always
# evaluated.
is_owner(item) if {
	by_id := endswith(lower(text(object.get(assignment_props(item), "roleDefinitionId", ""))), "8e3af657-a8ff-443c-a75c-2fe8c4bcb635")
	by_name := lower(role_name(item)) == "owner"
	true in [by_id, by_name]
}

# A readable label for an assignment: "<principal name or id> (<role>)".
assignment_label(item) := concat("", [_principal_label(item), " (", text(role_name(item)), ")"])

_principal_label(item) := name if {
	name := item.principal.display_name
	is_string(name)
	trim_space(name) != ""
} else := text(object.get(assignment_props(item), "principalId", ""))

# Data scientists (AML-IAM-008, AML-IAM-009): the lower-cased principal ids of the parameter
# data_scientist_principal_ids and of every principal holding the built-in AzureML Data Scientist
# role (f6c7c914-...) on the workspace.
data_scientists := {lower(id) | some id in params.data_scientist_principal_ids; is_string(id)} | {lower(principal) |
	some item in items(_workspace_assignments)
	properties := assignment_props(item)
	role := object.get(properties, "roleDefinitionId", "")
	is_string(role)
	segments := split(role, "/") # the definition's GUID is its last segment (split is compiled in; regex.replace is a host call)
	lower(segments[count(segments) - 1]) == "f6c7c914-8db3-469d-8ca1-694a8f32e121"
	principal := object.get(properties, "principalId", "")
	is_string(principal)
}

# Nobody named in the parameter, and the workspace's role assignments (where the role would name
# them) not readable: who the data scientists are is not known.
data_scientists_unreadable if {
	not _workspace_assignments.status == "ok"
	count(params.data_scientist_principal_ids) == 0
}

_workspace_assignments := by_id(role_assignments, workspace.id)

# The data scientists' assignments (labels) in a role assignment section that can write or delete.
data_scientist_writers(section) := {assignment_label(item) |
	some item in items(section)
	principal := object.get(assignment_props(item), "principalId", "")
	is_string(principal)
	lower(principal) in data_scientists
	role_grants_any_write(item.role_definition)
}
