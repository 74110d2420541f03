package amlscan.lib

# The storage accounts the workspace's data lives in: its own (storage_account) and every account a
# datastore points at (datastore_targets -> datastore_storage_accounts, keyed by lower-cased id;
# docs/snapshot-format.md). A datastore whose account is not known (storage_account_id null: Data
# Lake Gen1, OneLake, or a name that could not be resolved) is listed in unresolved_datastores, so a
# rule about every account says unknown for it rather than leaving it out.

datastore_storage_accounts := object.get(input, "datastore_storage_accounts", null)

datastore_role_assignments := object.get(input, "datastore_role_assignments", null)

# The lower-cased id of the workspace's own storage account: the resource's, else the id the
# section looked up, else the workspace's storageAccount property (empty set when none is known).
default_storage_ids contains lower(id) if {
	some path in [["storage_account", "resource", "id"], ["storage_account", "resource_id"], ["workspace", "resource", "properties", "storageAccount"]]
	id := object.get(input, path, null)
	nonempty(id)
}

# The lower-cased ids of the accounts datastores point at, from the targets and the map.
datastore_account_ids contains lower(id) if {
	some target in items(input.datastore_targets)
	id := field(target, "storage_account_id", null)
	nonempty(id)
}

datastore_account_ids contains lower(key) if {
	is_object(datastore_storage_accounts)
	some key, _ in datastore_storage_accounts
}

# The datastores whose storage account is not known: {id, name, note}.
unresolved_datastores contains {
	"id": nonempty_or(field(target, "datastore_id", null), workspace_id),
	"name": text(field(target, "datastore", "?")),
	"note": text(field(target, "note", "the datastore names no storage account")),
} if {
	some target in items(input.datastore_targets)
	not nonempty(field(target, "storage_account_id", null))
}

# The section of an account of datastore_storage_accounts by (lower-cased) id: "missing" when the
# map holds none for it.
datastore_account_section(id) := by_id(datastore_storage_accounts, id)

# The display id of an account for a verdict: its resource's, else the id its section looked up,
# else the given one.
account_id(section, id) := nonempty_or(field(field(section, "resource", null), "id", null), nonempty_or(field(section, "resource_id", null), id))
