package amlscan.lib

# The regions a workspace and what it depends on may be in (AML-RES-001, AML-RES-003), from the
# `residency` parameter: by_tag when the workspace carries the tag and its value is mapped, else the
# most specific by_scope scope (subscription, resource group or resource id) holding the workspace,
# else allowed_regions. A workspace whose tag names a value the map does not hold gets no regions
# (residency_unmapped says why): which boundary it belongs to is not known.

_residency := field(params, "residency", null)

_by_tag := field(_residency, "by_tag", null)

_residency_tag := lower(name) if {
	name := field(_by_tag, "tag", null)
	is_string(name)
}

# The value of the workspace's residency tag, when it carries one.
_residency_value := tag_value(workspace, _residency_tag)

# The region lists the tag's value maps to (value names compare case-insensitively, trimmed).
_tag_regions := [regions |
	some value, regions in field(_by_tag, "regions", {})
	is_string(value)
	is_string(_residency_value)
	lower(trim_space(value)) == lower(trim_space(_residency_value))
]

# by_scope scopes holding the workspace: its id equals the scope or continues it after a "/".
_scopes contains [count(prefix), scope] if {
	is_object(workspace)
	id := lower(workspace_id)
	some scope, _ in field(_residency, "by_scope", {})
	is_string(scope)
	prefix := lower(trim_right(scope, "/"))
	true in [id == prefix, startswith(id, concat("", [prefix, "/"]))]
}

_scope := max(_scopes)[1]

_scope_regions := field(_residency, "by_scope", {})[_scope]

# {"source", "regions" (normalised set)} for the workspace; undefined when its tag value is unmapped.
residency_regions := {"source": concat("", ["tag ", _residency_tag, "=", text(_residency_value)]), "regions": _regions_of(array.flatten(_tag_regions))} if {
	count(_tag_regions) > 0
} else := {"source": concat("", ["scope ", _scope]), "regions": _regions_of(_scope_regions)} if {
	not _residency_value
	_scope_regions
} else := {"source": "allowed_regions", "regions": _regions_of(params.allowed_regions)} if {
	not _residency_value
}

# The unknown verdict of a rule about the workspace's regions when its tag names an unmapped value.
residency_unmapped := unknown(
	workspace,
	concat("", [
		"The workspace's ", _residency_tag, " tag is '", text(_residency_value),
		"', which the residency.by_tag.regions parameter does not map to regions: its allowed regions are not known.",
	]),
	[{"path": concat("", ["tags.", _residency_tag]), "found": _residency_value, "expected": sort([value | some value, _ in field(_by_tag, "regions", {})])}],
) if {
	_residency_value
	count(_tag_regions) == 0
}

# A note for a verdict's message naming where the regions came from ("" for allowed_regions, so the
# messages of a configuration without `residency` stay as they were).
residency_note := "" if {
	residency_regions.source == "allowed_regions"
} else := concat("", [" Allowed regions from the workspace's ", residency_regions.source, "."])

_regions_of(list) := {_region(region) | some region in arr(list); is_string(region)}

# A location as the region tables key it: lower-cased, without spaces ("West Europe" -> "westeurope").
region_name(location) := _region(location)
