package amlscan.lib

# The workspace entry a rule judges is `input`: one workspace of the snapshot (docs/snapshot-format.md)
# with `input.context` (subscription, source, tenant_id). Each section has a `status`: only an ok
# section was collected; anything else (forbidden, not_found, error, or a section the snapshot does
# not hold) means nobody could look, and a rule that needs it says `unknown`, never `pass`.

workspace_type := "Microsoft.MachineLearningServices/workspaces"

# The workspace resource, when its section holds one.
workspace := input.workspace.resource if {
	input.workspace.status == "ok"
	is_object(input.workspace.resource)
}

# The workspace's id for verdicts about it: the resource's, else the entry's own.
workspace_id := input.workspace.resource.id if {
	is_object(input.workspace.resource)
} else := input.id

# The verdict of every rule about the workspace when there is no workspace to judge: its section
# not collected, or collected without a resource (ok, resource null).
workspace_unknown := _no_workspace if not workspace

_no_workspace := {
	"status": "unknown",
	"resource_id": input.id,
	"resource_type": workspace_type,
	"message": "The snapshot holds no workspace resource: its section is ok but its resource is null.",
	"evidence": [{"path": "workspace.resource", "found": null, "expected": "the workspace"}],
} if {
	input.workspace.status == "ok"
	is_null(input.workspace.resource)
} else := section_unknown(object.get(input, "workspace", null), "workspace", workspace_id, workspace_type)

# The resource of a section that was collected and holds one; undefined when nothing is linked (ok,
# resource null) or the section could not be collected.
resource(section) := section.resource if {
	section.status == "ok"
	is_object(section.resource)
}

# The items of a list section that was collected.
items(section) := section.items if {
	section.status == "ok"
	is_array(section.items)
}

# Whether one of the paths a judgement needs is listed as unresolved in the resource's section
# (IaC: built with reference(), known only after apply): the verdict is then unknown. A listed
# path covers what lies under it: an object built with reference() is listed once, as a whole.
unresolved(section, paths) if {
	some path in section.unresolved
	some needed in paths
	covers(path, needed)
}

covers(path, needed) if path == needed

covers(path, needed) if {
	is_string(path)
	some separator in [".", "["]
	startswith(needed, concat("", [path, separator]))
}

# Whether one of the paths a judgement of an item of a list section needs is unresolved: the section
# lists it (or an object above it) as `items[<i>].<path>` for the item's index i. The item is found
# by value, so identical items share their unresolved paths (they then hold the same nulls). Nothing
# is compared when the section lists no unresolved path, the common case.
item_unresolved(section, item, paths) if {
	is_array(section.unresolved)
	count(section.unresolved) > 0
	is_array(section.items)
	some i, candidate in section.items
	candidate == item
	unresolved(section, [concat("", ["items[", format_int(i, 10), "].", needed]) | some needed in paths; is_string(needed)])
}

# The sections rules judge resources of, with the type of those resources.
resource_sections := {
	"storage_account": "Microsoft.Storage/storageAccounts",
	"key_vault": "Microsoft.KeyVault/vaults",
	"cmk_key_vault": "Microsoft.KeyVault/vaults",
	"container_registry": "Microsoft.ContainerRegistry/registries",
	"application_insights": "Microsoft.Insights/components",
	"log_analytics_workspace": "Microsoft.OperationalInsights/workspaces",
	"encryption_cosmos_db": "Microsoft.DocumentDB/databaseAccounts",
}

item_sections := {
	"computes": "Microsoft.MachineLearningServices/workspaces/computes",
	"datastores": "Microsoft.MachineLearningServices/workspaces/datastores",
	"connections": "Microsoft.MachineLearningServices/workspaces/connections",
	"online_endpoints": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
}

# The unknown verdict of each of those sections that could not be collected, by name: on the
# resource it looked up (else the workspace) for a single-resource section, on the workspace for a
# list section. `results contains lib.not_collected.storage_account` in a rule about the account.
not_collected[name] := section_unknown(section, name, id, type) if {
	some name, type in resource_sections
	section := object.get(input, name, null)
	not section.status == "ok"
	id := nonempty_or(field(section, "resource_id", null), workspace_id)
}

not_collected[name] := section_unknown(section, name, workspace_id, type) if {
	some name, type in item_sections
	section := object.get(input, name, null)
	not section.status == "ok"
}

# The list section of a resource in a map of sections keyed by lower-cased resource id (role
# assignments, diagnostic settings, locks); a "missing" section when the map holds none for it.
by_id(sections, id) := section if {
	is_object(sections)
	section := sections[lower(id)]
} else := {"status": "missing", "message": "section absent from snapshot"}

# The maps of such sections in the entry (null when the snapshot holds none): lib.by_id(lib.locks, id).
role_assignments := object.get(input, "role_assignments", null)

diagnostic_settings := object.get(input, "diagnostic_settings", null)

locks := object.get(input, "locks", null)

# A compute's computeType, lower-cased ("" when it is not a string): computeinstance, amlcompute, ...
compute_kind(compute) := lower(kind) if {
	kind := object.get(compute, ["properties", "computeType"], null)
	is_string(kind)
} else := ""

# An Azure AI Foundry project: a workspace of kind "project" (case-insensitive), created under a hub
# (properties.hubResourceId) whose encryption it takes. Azure Policy's customer-managed key
# definitions for workspaces (ba769a63, 7f40cee6) exclude it.
project(ws) if eq_ci(field(ws, "kind", null), "project")

# Whether the snapshot was normalised from infrastructure code (context.source.kind): its resources
# are what a template declares, so an absent property takes the default the resource provider
# applies when it creates the resource with the template's api-version (a section's api_version).
infrastructure_code if {
	kind := input.context.source.kind
	is_string(kind)
	lower(kind) in {"arm-template", "arm-what-if", "terraform-plan"}
}

# The computes whose computeType is unresolved (IaC: a parameter, or a what-if change whose whole
# `properties` is unresolved): nobody knows their kind, so a rule about some kinds of compute says
# unknown on them, with `lib.kind_evidence(compute, "AmlCompute")`.
unresolved_kind_computes contains compute if {
	some compute in items(input.computes)
	item_unresolved(input.computes, compute, ["properties.computeType"])
}

kind_evidence(compute, expected) := [{"path": "properties.computeType", "found": object.get(compute, ["properties", "computeType"], null), "expected": expected}]
