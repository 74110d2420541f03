# Helpers shared by every rule: section status, result construction, evidence, case-insensitive
# comparison. Rules import it as `data.amlscan.lib`.
#
# A rule's contract: `results := verdicts(input)`, where `verdicts(inp)` returns a set of objects
# built with `pass`, `fail` or `unknown` below, one per resource it judges. Rules are written as
# functions of the workspace input (not as rules reading `input` directly) so their unit tests call
# `verdicts({...})` instead of `with input as`, which rego-cpp 1.5.2 cannot evaluate when the
# rule calls a built-in on input. The rule's metadata (id, severity, controls) lives in its
# annotation block and is joined on by the scanner, so results stay small.
package amlscan.lib

import rego.v1

# True when the section was collected. Anything else (forbidden, not_found, error, or a section
# that is missing from the snapshot) means we could not look.
ok(section) if section.status == "ok"

# The resource held by an ok single-resource section.
resource(section) := section.resource if {
	ok(section)
	is_object(section.resource)
}

evidence(path, found, expected) := {"path": path, "found": found, "expected": expected}

# ARM enums are case-insensitive; so are resource ids. Non-strings (an absent property) never match.
eq_ci(a, b) if {
	is_string(a)
	is_string(b)
	lower(a) == lower(b)
}

# A property of a resource, following a dotted path given as an array; null when absent.
prop(res, path) := object.get(res, path, null)

# Results are built as object literals, not through a shared constructor: with rego-cpp 1.5.2 each
# function call costs several microseconds, more with every rule in the bundle (docs/writing-rules.md).
pass(res, message, ev) := {"status": "pass", "resource_id": res.id, "resource_type": res.type, "message": message, "evidence": ev}

fail(res, message, ev) := {"status": "fail", "resource_id": res.id, "resource_type": res.type, "message": message, "evidence": ev}

unknown(id, type, message, ev) := {"status": "unknown", "resource_id": id, "resource_type": type, "message": message, "evidence": ev}

# The unknown result for a section that could not be collected, naming the section and why.
section_unknown(section, name, id, type) := {
	"status": "unknown",
	"resource_id": id,
	"resource_type": type,
	"message": concat("", [name, " could not be collected (", text(status), "): ", text(field(section, "message", "section absent from snapshot"))]),
	"evidence": [{"path": concat("", [name, ".status"]), "found": field(section, "status", null), "expected": "ok"}],
} if {
	status := field(section, "status", "missing")
}

# rego-cpp quotes a string literal handed through a function parameter to sprintf, so messages
# are built with concat, and values are turned into text here.
text(value) := value if {
	is_string(value)
} else := sprintf("%v", [value])

# object.get that tolerates a non-object (a missing section arrives as null).
# (Indexing, not object.get: rego-cpp's object.get costs time in proportion to the object's size.)
field(obj, key, fallback) := value if {
	is_object(obj)
	value := obj[key]
} else := fallback

# Id of the workspace (falls back to the entry id when the workspace itself could not be read).
workspace_id(inp) := inp.workspace.resource.id if {
	is_object(inp.workspace.resource)
} else := inp.id

# The unknown verdict every workspace-scoped rule gives when the workspace could not be read: its
# section not collected, or collected without the workspace in it (an ok section whose resource is
# null: there is nothing to judge, and silence is never a pass).
workspace_unknown(inp) := {
	"status": "unknown",
	"resource_id": inp.id,
	"resource_type": workspace_type,
	"message": "The snapshot holds no workspace resource: its section is ok but its resource is null.",
	"evidence": [{"path": "workspace.resource", "found": null, "expected": "the workspace"}],
} if {
	inp.workspace.status == "ok"
	is_null(inp.workspace.resource)
} else := section_unknown(field(inp, "workspace", null), "workspace", workspace_id(inp), workspace_type)

workspace_type := "Microsoft.MachineLearningServices/workspaces"

# Diagnostic settings, locks and role assignments are keyed by lower-cased resource id.
by_id(sections, id) := sec if {
	is_object(sections)
	sec := sections[lower(id)]
} else := {"status": "missing", "message": "section absent from snapshot"}

# ---------------------------------------------------------------------------------------------
# Helpers for the HIPAA/GDPR rule library (issue 4).

# Parameters from amlscan.yaml (data.amlscan.params) over the documented defaults. The defaults
# repeat `properties.*.default` of scanner/schemas/config/parameters.schema.json (a Python test
# keeps the two equal), so a rule evaluated without a configuration behaves like the CLI.
param_defaults := {
	"allowed_regions": [
		"northeurope", "westeurope", "francecentral", "francesouth", "germanywestcentral",
		"germanynorth", "swedencentral", "swedensouth", "norwayeast", "norwaywest",
		"polandcentral", "italynorth", "spaincentral",
	],
	"min_log_retention_days": 365,
	"max_owners": 3,
	"regulated_data_tag": "data-classification",
	"regulated_data_values": ["phi", "ephi", "pii", "personal", "special-category", "confidential", "restricted"],
	"data_scientist_principal_ids": [],
	"required_tags": ["environment", "cost-center", "data-classification"],
	"environment_tag": "environment",
}

# One definition with `else`, not a second one guarded by `not is_object(data.amlscan.params)`:
# OPA hoists the reference out of the negation, so without parameters that guard is undefined
# instead of true, and `params` was undefined on OPA (it worked on rego-cpp only).
params := object.union(param_defaults, given) if {
	# Base data given at evaluation (the bundle's data.json, the engine's data), which Regal cannot
	# see: regal ignore:unresolved-reference
	given := data.amlscan.params
	is_object(given)
} else := param_defaults

# A section of the workspace entry by name (null when the snapshot lacks it).
section(inp, name) := sec if {
	is_object(inp)
	sec := inp[name]
} else := null if is_object(inp)

# The id a not-ok associated-resource section refers to, falling back to the workspace.
section_resource_id(inp, sec) := sec.resource_id if {
	is_object(sec)
	is_string(sec.resource_id)
	sec.resource_id != ""
} else := workspace_id(inp)

# An ok single-resource section with nothing linked. (is_null, not `== null`: rego-cpp compares
# terms at a cost that grows with their size, and a resource is large.)
nothing_linked(sec) if {
	ok(sec)
	is_null(sec.resource)
}

# A list section's items when it is ok.
items(sec) := sec.items if {
	ok(sec)
	is_array(sec.items)
}

# Non-empty string.
nonempty(value) if {
	is_string(value)
	trim_space(value) != ""
}

# Tags of a resource, keys lower-cased (tag names are case-insensitive in Azure).
tags_ci(res) := _lower_keys(object.get(res, "tags", {}))

_lower_keys(tags) := {lower(k): v | some k, v in tags; is_string(k)} if {
	is_object(tags)
} else := {}

tag_value(res, name) := tags_ci(res)[lower(name)]

# A resource tagged as holding regulated data, per params.regulated_data_tag / _values.
regulated_with(res, p) if {
	value := tag_value(res, p.regulated_data_tag)
	is_string(value)
	some allowed in p.regulated_data_values
	eq_ci(trim_space(value), allowed)
}

# The workspace handles regulated data: tagged so, or marked high business impact.
workspace_regulated_with(ws, p) if regulated_with(ws, p)

workspace_regulated_with(ws, _) if prop(ws, ["properties", "hbiWorkspace"]) == true

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
# evaluated, as with the two definitions this function had (an error in either still surfaces).
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

# Locks that stop deletion.
delete_locked(sec) if {
	some lock in items(sec)
	some level in ["CanNotDelete", "ReadOnly"]
	eq_ci(prop(lock, ["properties", "level"]), level)
}

# One verdict on one resource from a boolean judgement: unknown when a path the judgement needs
# is unresolved, else pass or fail. `good` must be true or false.
judge(sec, res, paths, good, pass_msg, fail_msg, ev) := {"status": "unknown", "resource_id": res.id, "resource_type": res.type, "message": concat("", ["Could not resolve ", concat(", ", paths), "."]), "evidence": ev} if {
	some path in sec.unresolved
	path in paths
} else := {"status": "pass", "resource_id": res.id, "resource_type": res.type, "message": pass_msg, "evidence": ev} if {
	good == true
} else := {"status": "fail", "resource_id": res.id, "resource_type": res.type, "message": fail_msg, "evidence": ev} if {
	good == false
}

# The verdicts of a rule about an associated resource that is not there to judge: none when nothing
# is linked, the unknown verdict when its section could not be collected. For the `else` of a
# rule's single `verdicts` definition, whose first body judges the resource.
assoc_verdicts(inp, name, type) := set() if {
	nothing_linked(section(inp, name))
} else := {assoc_unknown(inp, name, type)}

# The verdict set of a rule about one associated resource (storage_account, key_vault, ...):
# unknown when its section is not ok, nothing when nothing is linked.
assoc_unknown(inp, name, type) := section_unknown(sec, name, section_resource_id(inp, sec), type) if {
	sec := section(inp, name)
	not ok(sec)
}

# The unknown verdict of a rule about the items of a list section (computes, datastores, ...).
items_unknown(inp, name, type) := section_unknown(sec, name, workspace_id(inp), type) if {
	sec := section(inp, name)
	not ok(sec)
}

compute_type := "Microsoft.MachineLearningServices/workspaces/computes"

# Role assignments recorded for a resource (keyed by lower-cased id), as a section; the "missing"
# section of by_id when there are none.
role_assignments(inp, id) := sec if {
	ras := inp.role_assignments
	is_object(ras)
	sec := ras[lower(id)]
} else := {"status": "missing", "message": "section absent from snapshot"}

# Data-residency boundary of a region. EU and EFTA regions form the EU Data Boundary; elsewhere the
# Azure geography. Regions not listed have no known boundary (rules report unknown, not a guess).
# Keyed by region so a lookup is one index, not a scan of every geography. Rules that look up many
# regions bind this once and index it: a function that refers to a rule of another module rebuilds
# its value on every call with rego-cpp 1.5.2 (~0.1 ms for this object).
region_geography := {
	"northeurope": "eu-data-boundary", "westeurope": "eu-data-boundary", "francecentral": "eu-data-boundary",
	"francesouth": "eu-data-boundary", "germanywestcentral": "eu-data-boundary", "germanynorth": "eu-data-boundary",
	"swedencentral": "eu-data-boundary", "swedensouth": "eu-data-boundary", "norwayeast": "eu-data-boundary",
	"norwaywest": "eu-data-boundary", "switzerlandnorth": "eu-data-boundary", "switzerlandwest": "eu-data-boundary",
	"polandcentral": "eu-data-boundary", "italynorth": "eu-data-boundary", "spaincentral": "eu-data-boundary",
	"austriaeast": "eu-data-boundary", "belgiumcentral": "eu-data-boundary", "denmarkeast": "eu-data-boundary",
	"uksouth": "united-kingdom", "ukwest": "united-kingdom",
	"eastus": "united-states", "eastus2": "united-states", "westus": "united-states", "westus2": "united-states",
	"westus3": "united-states", "centralus": "united-states", "northcentralus": "united-states",
	"southcentralus": "united-states", "westcentralus": "united-states",
	"canadacentral": "canada", "canadaeast": "canada",
	"eastasia": "asia-pacific", "southeastasia": "asia-pacific",
	"australiaeast": "australia", "australiasoutheast": "australia", "australiacentral": "australia",
	"australiacentral2": "australia",
	"japaneast": "japan", "japanwest": "japan",
	"koreacentral": "korea", "koreasouth": "korea",
	"centralindia": "india", "southindia": "india", "westindia": "india",
	"brazilsouth": "brazil", "brazilsoutheast": "brazil",
	"southafricanorth": "south-africa", "southafricawest": "south-africa",
	"uaenorth": "uae", "uaecentral": "uae",
}

# Resources of a workspace entry that hold or process its data, with where they run:
# {"section": name, "id": id, "type": type, "location": normalised location}; global ones and those
# without a string location are left out. A compute's computeLocation, when a string, wins over its
# location. Written without helper calls and with status tests as lookups in object literals: with
# rego-cpp every call, built-in or comparison costs ~10 µs, an index into a small object ~1 µs.
placed_resources(inp) := array.concat(
	[{"section": name, "id": res.id, "type": res.type, "location": loc} |
		some name in ["workspace", "storage_account", "key_vault", "container_registry", "application_insights", "log_analytics_workspace", "cmk_key_vault"]
		sec := inp[name]
		{"ok": true}[sec.status]
		res := sec.resource
		is_string(res.location)
		loc := lower(replace(res.location, " ", ""))
		not {"": true, "global": true}[loc]
	],
	[{"section": name, "id": item.id, "type": object.get(item, "type", ""), "location": loc} |
		some name in ["computes", "online_endpoints"]
		sec := inp[name]
		{"ok": true}[sec.status]
		is_array(sec.items)
		some item in sec.items
		cl := object.get(item, ["properties", "computeLocation"], null)
		raw := {true: cl, false: object.get(item, "location", null)}[is_string(cl)] # cl if a string, else location
		is_string(raw)
		loc := lower(replace(raw, " ", ""))
		not {"": true, "global": true}[loc]
	],
)

# Sections whose resources have unknown locations: not collected, or collected with a location the
# snapshot lists as unresolved (IaC: a location built from a parameter without a value).
unplaced_sections(inp) := ({name |
	some name in ["workspace", "storage_account", "key_vault", "container_registry", "application_insights", "log_analytics_workspace", "cmk_key_vault", "computes", "online_endpoints"]
	sec := inp[name]
	not sec.status == "ok"
	not is_null(sec)
} | {name |
	some name in ["workspace", "storage_account", "key_vault", "container_registry", "application_insights", "log_analytics_workspace", "cmk_key_vault"]
	sec := inp[name]
	sec.status == "ok"
	is_object(sec.resource)
	"location" in object.get(sec, "unresolved", [])
}) | {name |
	some name in ["computes", "online_endpoints"]
	sec := inp[name]
	sec.status == "ok"
	is_array(sec.items)
	some i, item in sec.items
	some path in _location_paths(item, i)
	path in object.get(sec, "unresolved", [])
}

# The paths an item's location comes from: its computeLocation when that is a string, else both
# (an unresolved computeLocation is no string, and the location may stand in for it).
_location_paths(item, i) := [sprintf("items[%d].properties.computeLocation", [i])] if {
	is_string(object.get(item, ["properties", "computeLocation"], null))
} else := [sprintf("items[%d].properties.computeLocation", [i]), sprintf("items[%d].location", [i])]

# A value as an array to iterate: [] for null or non-arrays.
arr(value) := value if {
	is_array(value)
} else := []
