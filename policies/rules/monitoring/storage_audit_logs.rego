# METADATA
# title: Blob reads, writes and deletes of the workspace's storage are logged to Log Analytics
# description: >-
#   Who read, changed or deleted which blob of training data is recorded only by the storage data
#   plane's resource logs: the StorageRead, StorageWrite and StorageDelete categories of the blob
#   service (`<account>/blobServices/default`). For the workspace's storage account and every account
#   a blob or Data Lake Gen2 datastore points at, each of the three must be enabled, by name or
#   through the allLogs category group, in a diagnostic setting that sends to a Log Analytics
#   workspace, where the logs can be queried, alerted on and retained. A blob service has no
#   diagnostic setting by default. The audit category group does not count on its own: Microsoft does
#   not document which blob categories it holds. Settings that only archive to a storage account or
#   an event hub fail. A datastore whose account could not be resolved is unknown.
# custom:
#   id: AML-LOG-003
#   severity: medium
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"]
#     gdpr: ["32(1)(d)", "33(1)"]
#   remediation:
#     text: >-
#       Add a diagnostic setting on the account's blob service that sends StorageRead, StorageWrite and
#       StorageDelete (or allLogs) to a Log Analytics workspace.
#     cli: >-
#       az monitor diagnostic-settings create --name blob-to-law --resource <storage-id>/blobServices/default
#       --workspace <log-analytics-id> --logs '[{"category":"StorageRead","enabled":true},{"category":"StorageWrite","enabled":true},{"category":"StorageDelete","enabled":true}]'
#     bicep: |-
#       resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
#         scope: blobService
#         name: 'blob-to-law'
#         properties: {
#           workspaceId: law.id
#           logs: [ { category: 'StorageRead', enabled: true }, { category: 'StorageWrite', enabled: true }, { category: 'StorageDelete', enabled: true } ]
#         }
#       }
#   references:
#     checkov: ["CKV2_AZURE_21"]
#     docs: ["https://learn.microsoft.com/azure/storage/blobs/monitor-blob-storage", "https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-storage-storageaccounts-blobservices-logs"]
package amlscan.rules.monitoring.storage_audit_logs

import data.amlscan.lib

# The blob service's diagnostic settings of each storage account holding the workspace's data.

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.section_unknown(targets, "datastore_targets", lib.workspace_id, lib.workspace_type) if {
	not targets.status == "ok"
}

results contains lib.unknown(
	{"id": lib.nonempty_or(target.datastore_id, lib.workspace_id), "type": "Microsoft.MachineLearningServices/workspaces/datastores"},
	concat("", [
		"The storage account of datastore ", lib.text(target.datastore), " could not be resolved",
		note(target), ": its blob audit logs cannot be checked.",
	]),
	[{"path": "datastore_targets[*].storage_account_id", "found": null, "expected": "the datastore's storage account"}],
) if {
	some target in lib.items(targets)
	blob_datastore(target)
	not lib.nonempty(target.storage_account_id)
}

results contains lib.section_unknown(section, "diagnostic_settings", id, account_type) if {
	some id in accounts
	section := blob_settings(id)
	not section.status == "ok"
}

results contains lib.pass(
	{"id": id, "type": account_type},
	concat("", ["Blob reads, writes and deletes reach Log Analytics through: ", concat(", ", sort({pair[1] | some pair in covered})), "."]),
	evidence(covered),
) if {
	some id in accounts
	section := blob_settings(id)
	section.status == "ok"
	covered := coverage(lib.arr(section.items))
	count(missing(covered)) == 0
}

results contains lib.fail(
	{"id": id, "type": account_type},
	concat("", [
		"No diagnostic setting of the blob service sends ", concat(", ", missing(covered)),
		" to a Log Analytics workspace (by category or allLogs).",
	]),
	evidence(covered),
) if {
	some id in accounts
	section := blob_settings(id)
	section.status == "ok"
	covered := coverage(lib.arr(section.items))
	count(missing(covered)) > 0
}

targets := object.get(input, "datastore_targets", null)

blob_datastore(target) if lower(lib.text(target.datastore_type)) in {"azureblob", "azuredatalakegen2"}

note(target) := concat("", [" (", target.note, ")"]) if lib.nonempty(target.note)

else := ""

# The accounts judged: the workspace's own, and those blob and Data Lake Gen2 datastores point at
# (each once, spelled as the workspace names it, else as the first datastore does).
accounts contains id if {
	id := lib.resource(input.storage_account).id
	lib.nonempty(id)
}

accounts contains min(ids) if {
	some key, ids in spellings
	not key == own_key
}

# The workspace's storage account as its section names it, collected or not (its verdict is then
# the section's unknown, never a second one).
own_key := lower(input.storage_account.resource.id) if {
	is_string(input.storage_account.resource.id)
} else := lower(input.storage_account.resource_id) if {
	is_string(input.storage_account.resource_id)
}

spellings[lower(target.storage_account_id)] contains target.storage_account_id if {
	some target in lib.items(targets)
	blob_datastore(target)
	lib.nonempty(target.storage_account_id)
}

# The data-plane categories, lower-cased, with the names ARM gives them.
categories := {"storageread": "StorageRead", "storagewrite": "StorageWrite", "storagedelete": "StorageDelete"}

# The diagnostic settings of an account's blob service.
blob_settings(id) := lib.by_id(lib.diagnostic_settings, concat("", [id, "/blobServices/default"]))

account_type := "Microsoft.Storage/storageAccounts"

# [category, setting name] for each of the three categories a setting sends to Log Analytics.
coverage(settings) := {[category, lib.text(object.get(setting, "name", "?"))] |
	some setting in settings
	properties := object.get(setting, "properties", {})
	is_object(properties)
	lib.nonempty(object.get(properties, "workspaceId", null))
	some log in lib.arr(object.get(properties, "logs", []))
	is_object(log)
	log.enabled == true
	some category, _ in categories
	sends(log, category)
}

sends(log, category) if lib.eq_ci(log.category, category)

sends(log, _) if lib.eq_ci(log.categoryGroup, "allLogs")

# The names of the categories no setting sends, in ARM's spelling, sorted.
missing(covered) := sort([name |
	some category, name in categories
	count(senders(covered, category)) == 0
])

# The names of the settings sending a category, sorted.
senders(covered, category) := sort({pair[1] |
	some pair in covered
	pair[0] == category
})

evidence(covered) := [{
	"path": "diagnostic_settings[blobServices/default].properties.{workspaceId,logs[category in (StorageRead, StorageWrite, StorageDelete) or categoryGroup allLogs].enabled}",
	"found": {name: senders(covered, category) | some category, name in categories},
	"expected": "each category sent to a Log Analytics workspace",
}]
