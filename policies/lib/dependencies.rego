package amlscan.lib

# Where what a workspace depends on beyond its own resources (placed_resources) keeps or processes
# its data (AML-RES-003, AML-RES-004): the secondary region of its storage account, the storage
# accounts its datastores point at (and their secondary regions), the Cosmos DB account (with its
# replica regions), search service and storage account of a customer-managed-key workspace, the
# Azure ML registries of its subscription (with their replication regions: which registries a
# workspace uses is written nowhere on it, so the subscription's stand for them), the Log Analytics
# workspaces its diagnostic settings send to, and its batch endpoints.
#
# dependency_places: {what, location (normalised)}; global ones are left out.
# dependency_gaps: what could not be placed, and why (a section not collected, a location unresolved
# or absent, a geo-redundant account without its secondary region): rules say unknown for these.

dependency_places contains {"what": what, "location": _region(location)} if {
	some [what, location] in _dependency_locations
	is_string(location)
	not _region(location) in {"", "global"}
}

# [what, location as found] of every dependency that was collected.
_dependency_locations contains [concat("", [account.kind, " secondary ", account.name]), location] if {
	some account in _storage_accounts
	location := _secondary(account.resource)
}

_dependency_locations contains [concat("", [account.kind, " ", account.name]), object.get(account.resource, "location", null)] if {
	some account in _storage_accounts
	account.kind != "storage"
}

_dependency_locations contains [concat("", ["cosmos db ", _last(res.id)]), object.get(res, "location", null)] if {
	res := resource(input.encryption_cosmos_db)
}

_dependency_locations contains [concat("", ["cosmos db ", _last(res.id), " replica"]), dig(replica, ["locationName"], null)] if {
	res := resource(input.encryption_cosmos_db)
	some replica in arr(object.get(res, ["properties", "locations"], []))
}

_dependency_locations contains [concat("", ["search service ", _last(res.id)]), object.get(res, "location", null)] if {
	res := resource(input.encryption_search_service)
}

_dependency_locations contains [concat("", ["registry ", _last(registry.id)]), object.get(registry, "location", null)] if {
	some registry in items(_registries)
}

_dependency_locations contains [concat("", ["registry ", _last(registry.id), " replica"]), dig(region, ["location"], null)] if {
	some registry in items(_registries)
	some region in arr(object.get(registry, ["properties", "regionDetails"], []))
}

_dependency_locations contains [concat("", ["log destination ", _last(key)]), object.get(res, "location", null)] if {
	some key, section in _object(object.get(input, "log_analytics_destinations", null))
	res := resource(section)
}

_dependency_locations contains [concat("", ["batch endpoint ", _last(endpoint.id)]), object.get(endpoint, "location", null)] if {
	some i, endpoint in items(input.batch_endpoints)
	not concat("", ["items[", format_int(i, 10), "].location"]) in _batch_unresolved
}

# {kind, name, resource} of the storage accounts, keyed by kind and lower-cased id (a set would
# compare whole resources): the workspace's own (its secondary region only: its location is
# AML-RES-001's), the bring-your-own one of a customer-managed-key workspace, and every other account
# a datastore points at.
_storage_accounts[concat(" ", ["storage", lower(res.id)])] := {"kind": "storage", "name": _last(res.id), "resource": res} if {
	res := resource(input.storage_account)
}

_storage_accounts[concat(" ", ["encryption storage", lower(res.id)])] := {"kind": "encryption storage", "name": _last(res.id), "resource": res} if {
	res := resource(input.encryption_storage_account)
}

_storage_accounts[concat(" ", ["datastore account", id])] := {"kind": "datastore account", "name": _last(id), "resource": res} if {
	some id in (datastore_account_ids - default_storage_ids)
	res := resource(datastore_account_section(id))
}

# An account's secondary region: secondaryLocation when it is a string.
_secondary(res) := location if {
	location := object.get(res, ["properties", "secondaryLocation"], null)
	is_string(location)
}

# An account whose SKU keeps no copy in a second region (LRS, ZRS): it has no secondary region.
_single_region(res) if {
	sku := object.get(res, ["sku", "name"], null)
	is_string(sku)
	not regex.match(`GRS|GZRS`, upper(sku))
}

_registries := field(context_subscription, "ml_registries", null)

_batch_unresolved := arr(object.get(input, ["batch_endpoints", "unresolved"], []))

# What could not be placed.
dependency_gaps contains concat("", [what, " (no location)"]) if {
	some [what, location] in _dependency_locations
	not is_string(location)
}

dependency_gaps contains concat("", [name, " (", text(field(section, "status", "missing")), ")"]) if {
	some name in ["storage_account", "datastore_targets", "batch_endpoints", "log_analytics_destinations"]
	section := object.get(input, name, null)
	not _collected(section)
}

dependency_gaps contains concat("", [name, " (", text(field(section, "status", "missing")), ")"]) if {
	some [name, named] in [
		["encryption_cosmos_db", "cosmosDbResourceId"],
		["encryption_search_service", "searchAccountResourceId"],
		["encryption_storage_account", "storageAccountResourceId"],
	]
	section := object.get(input, name, null)
	not section.status == "ok"
	true in [is_object(section), nonempty(object.get(workspace, ["properties", "encryption", named], null))]
}

dependency_gaps contains concat("", ["subscription.ml_registries (", text(field(_registries, "status", "missing")), ")"]) if {
	not _registries.status == "ok"
}

dependency_gaps contains concat("", ["datastore account ", _last(id), " (", text(field(section, "status", "missing")), ")"]) if {
	some id in (datastore_account_ids - default_storage_ids)
	section := datastore_account_section(id)
	not resource(section)
}

dependency_gaps contains concat("", ["datastore ", datastore.name, " (its storage account is not known)"]) if {
	some datastore in unresolved_datastores
}

dependency_gaps contains concat("", ["log destination ", _last(key), " (", text(field(section, "status", "missing")), ")"]) if {
	some key, section in _object(object.get(input, "log_analytics_destinations", null))
	not resource(section)
}

# A diagnostic setting whose destination is known only at deployment (IaC) names no destination.
dependency_gaps contains concat("", ["log destination of the diagnostic settings of ", _last(key), " (known only at deployment)"]) if {
	some key, section in _object(diagnostic_settings)
	some path in arr(field(section, "unresolved", []))
	is_string(path)
	endswith(path, "properties.workspaceId")
}

# Geo-redundant (or of a SKU not known, IaC: unresolved) without its secondary region: a live
# collection has it, infrastructure code does not (the service picks the paired region).
dependency_gaps contains concat("", [account.kind, " secondary ", account.name, " (secondaryLocation not in the snapshot, and the SKU is geo-redundant or not known)"]) if {
	some account in _storage_accounts
	not _secondary(account.resource)
	not _single_region(account.resource)
}

dependency_gaps contains concat("", ["batch endpoint ", _last(endpoint.id), " (location unresolved)"]) if {
	some i, endpoint in items(input.batch_endpoints)
	concat("", ["items[", format_int(i, 10), "].location"]) in _batch_unresolved
}

_collected(section) if section.status == "ok"

_collected(section) if {
	is_object(section)
	not section.status # a map of sections (log_analytics_destinations) has no status of its own
}

_object(value) := value if {
	is_object(value)
} else := {}

# The last segment of an id (its name).
_last(id) := name if {
	parts := split(text(id), "/")
	name := parts[count(parts) - 1]
} else := text(id)
