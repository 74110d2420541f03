package amlscan.lib

# Azure ML registries (Microsoft.MachineLearningServices/registries) share models, environments and
# components between workspaces. Which registries a workspace uses is written nowhere on it (a job
# or deployment names azureml://registries/... assets), so the registries of its subscription stand
# for them (input.context.subscription.ml_registries, docs/collect.md): a registry rule judges each
# of them on every workspace of that subscription.
ml_registry_type := "Microsoft.MachineLearningServices/registries"

_subscription := field(object.get(input, "context", null), "subscription", null)

# The subscription's list section of registries, and its map of role assignment sections by
# lower-cased registry id (null when the snapshot holds none).
ml_registries := field(_subscription, "ml_registries", null)

ml_registry_role_assignments := field(_subscription, "ml_registry_role_assignments", null)

# The unknown verdict, on the workspace, when the registries could not be listed (IaC: the code
# declares none, so which registries exist is known only to a live scan).
ml_registries_unknown := section_unknown(ml_registries, "subscription.ml_registries", workspace_id, workspace_type) if {
	not ml_registries.status == "ok"
}

# [index, the registry as a verdict names it, the registry] for every listed registry with an id (a
# verdict needs one).
# The index names the registry's unresolved paths (IaC: items[0].properties.publicNetworkAccess).
ml_registry_items contains [i, {"id": registry.id, "type": ml_registry_type}, registry] if {
	some i, registry in items(ml_registries)
	nonempty(registry.id)
}

# Whether one of the paths (relative to the registry) is unresolved for the i-th registry.
ml_registry_unresolved(i, paths) if {
	unresolved := arr(field(ml_registries, "unresolved", []))
	count(unresolved) > 0
	some path in paths
	concat("", ["items[", format_int(i, 10), "].", path]) in unresolved
}
