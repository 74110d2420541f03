package amlscan.lib

# Azure Policy assignments that apply at the workspace's scope (section policy_assignments) and what
# each applies (its resolved_policies: one entry for a definition, one per member of an initiative,
# with the effect and parameters Azure Policy resolves; docs/snapshot-format.md).

policy_assignments := object.get(input, "policy_assignments", null)

# What the assignments Azure enforces on the workspace apply, one object per policy:
#   assignment: the assignment's name;
#   definition: the lower-cased GUID of a built-in policy definition ("" for a custom one);
#   initiative: true when it stands for an initiative whose members are unknown (its definition
#     could not be read, or the snapshot does not expand it), so it may apply anything;
#   effect: the lower-cased effect, null when it could not be resolved;
#   parameters: the resolved parameter values (those that could not be resolved are absent).
# An assignment with enforcement mode DoNotEnforce, or whose notScopes hold the workspace, is not
# enforced on it. An assignment the snapshot does not resolve (no resolved_policies) is taken as one
# policy with an unknown effect.
enforced_policies contains policy if {
	some assignment in items(policy_assignments)
	_applies(assignment)
	some entry in _resolved(assignment)
	is_object(entry)
	policy := {
		"assignment": text(object.get(assignment, "name", "?")),
		"definition": _builtin_guid(object.get(entry, "policy_definition_id", null)),
		"initiative": _initiative(object.get(entry, "policy_definition_id", null)),
		"effect": _lower_or_null(object.get(entry, "effect", null)),
		"parameters": _object_or_empty(object.get(entry, "parameters", {})),
	}
}

_applies(assignment) if {
	is_object(assignment)
	not eq_ci(object.get(assignment, ["properties", "enforcementMode"], null), "DoNotEnforce")
	not _excluded(assignment)
}

# notScopes holds the workspace, or a scope above it (its resource group, its subscription).
_excluded(assignment) if {
	is_string(workspace_id)
	some scope in arr(object.get(assignment, ["properties", "notScopes"], []))
	is_string(scope)
	_within(lower(workspace_id), trim_right(lower(scope), "/"))
}

_within(id, scope) if id == scope

_within(id, scope) if startswith(id, concat("", [scope, "/"]))

# The assignment's entries in resolved_policies; an assignment without any stands for the
# definition it names, effect unknown.
_resolved(assignment) := entries if {
	id := assignment.id
	is_string(id)
	entries := object.get(policy_assignments, ["resolved_policies", lower(id)], null)
	is_array(entries)
} else := [{"policy_definition_id": object.get(assignment, ["properties", "policyDefinitionId"], null), "effect": null}]

_builtin_prefix := "/providers/microsoft.authorization/policydefinitions/"

_builtin_guid(id) := substring(lower(id), count(_builtin_prefix), -1) if {
	is_string(id)
	startswith(lower(id), _builtin_prefix)
} else := ""

_initiative(id) if {
	is_string(id)
	contains(lower(id), "/policysetdefinitions/")
} else := false

_lower_or_null(value) := lower(value) if {
	is_string(value)
} else := null

_object_or_empty(value) := value if {
	is_object(value)
} else := {}
