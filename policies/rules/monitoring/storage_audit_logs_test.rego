package amlscan.rules.monitoring.storage_audit_logs_test

import data.amlscan.rules.monitoring.storage_audit_logs as rule

storage := {"status": "ok", "resource": {"id": "/S", "type": "Microsoft.Storage/storageAccounts", "properties": {}}}

setting(name, props) := {"name": name, "properties": props}

log(category) := {"category": category, "enabled": true}

inp(blob_section) := {"id": "/w", "storage_account": storage, "datastore_targets": {"status": "ok", "items": []}, "diagnostic_settings": {"/s/blobservices/default": blob_section}}

by_id1(rs) := {r.resource_id: r.status | some r in rs}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_with_the_three_categories if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting("blob-to-law", {"workspaceId": "/law", "logs": [log("StorageRead"), log("storagewrite"), log("StorageDelete")]})]})
	status(rs) == "pass"
	some r in rs
	r.resource_id == "/S"
	r.message == "Blob reads, writes and deletes reach Log Analytics through: blob-to-law."
}

test_pass_with_all_logs if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [setting("d", {"workspaceId": "/law", "logs": [{"categoryGroup": "allLogs", "enabled": true}]})]})

test_pass_across_two_settings if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [
	setting("reads", {"workspaceId": "/law", "logs": [log("StorageRead")]}),
	setting("changes", {"workspaceId": "/law", "logs": [log("StorageWrite"), log("StorageDelete")]}),
]})

test_fail_without_settings if {
	rs := rule.results with input as inp({"status": "ok", "items": []})
	status(rs) == "fail"
	some r in rs
	r.message == "No diagnostic setting of the blob service sends StorageDelete, StorageRead, StorageWrite to a Log Analytics workspace (by category or allLogs)."
}

test_fail_reads_missing if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting("d", {"workspaceId": "/law", "logs": [log("StorageWrite"), log("StorageDelete"), {"category": "StorageRead", "enabled": false}]})]})
	status(rs) == "fail"
	some r in rs
	contains(r.message, "sends StorageRead to")
	r.evidence[0].found == {"StorageRead": [], "StorageWrite": ["d"], "StorageDelete": ["d"]}
}

test_fail_archive_only if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [setting("d", {"storageAccountId": "/archive", "logs": [{"categoryGroup": "allLogs", "enabled": true}]})]})

# The audit group alone does not count: which blob categories it holds is not documented.
test_fail_audit_group_alone if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [setting("d", {"workspaceId": "/law", "logs": [{"categoryGroup": "audit", "enabled": true}]})]})

test_unknown_when_settings_forbidden if {
	rs := rule.results with input as inp({"status": "forbidden", "message": "denied", "items": []})
	status(rs) == "unknown"
	some r in rs
	r.message == "diagnostic_settings could not be collected (forbidden): denied"
}

test_unknown_when_the_blob_service_settings_are_missing if status(rule.results) == "unknown" with input as {"id": "/w", "storage_account": storage, "datastore_targets": {"status": "ok", "items": []}}

test_unknown_when_the_account_is_not_found if {
	rs := rule.results with input as {"id": "/w", "storage_account": {"status": "not_found", "resource_id": "/S", "message": "gone"}, "datastore_targets": {"status": "ok", "items": []}}
	by_id1(rs) == {"/S": "unknown"}
}

# Every account a blob or Data Lake Gen2 datastore points at is judged, each once; file datastores
# are not (their logs are the file service's); an unresolved account is unknown on its datastore.
test_datastore_accounts if {
	targets := {"status": "ok", "items": [
		{"datastore": "workspaceblobstore", "datastore_id": "/w/datastores/workspaceblobstore", "datastore_type": "AzureBlob", "storage_account_id": "/s"},
		{"datastore": "lake", "datastore_id": "/w/datastores/lake", "datastore_type": "AzureDataLakeGen2", "storage_account_id": "/Lake"},
		{"datastore": "lake2", "datastore_id": "/w/datastores/lake2", "datastore_type": "AzureBlob", "storage_account_id": "/lake"},
		{"datastore": "files", "datastore_id": "/w/datastores/files", "datastore_type": "AzureFile", "storage_account_id": "/files"},
		{"datastore": "lost", "datastore_id": "/w/datastores/lost", "datastore_type": "AzureBlob", "storage_account_id": null, "note": "no storage account of that name"},
		{"datastore": "gen1", "datastore_id": "/w/datastores/gen1", "datastore_type": "AzureDataLakeGen1", "storage_account_id": null},
	]}
	all_logs := {"status": "ok", "items": [setting("d", {"workspaceId": "/law", "logs": [{"categoryGroup": "allLogs", "enabled": true}]})]}
	rs := rule.results with input as {
		"id": "/w",
		"storage_account": storage,
		"datastore_targets": targets,
		"diagnostic_settings": {"/s/blobservices/default": all_logs, "/lake/blobservices/default": {"status": "ok", "items": []}},
	}
	by_id1(rs) == {"/S": "pass", "/Lake": "fail", "/w/datastores/lost": "unknown"}
	some r in rs
	r.resource_id == "/w/datastores/lost"
	r.message == "The storage account of datastore lost could not be resolved (no storage account of that name): its blob audit logs cannot be checked."
}

test_unknown_when_datastore_targets_not_collected if {
	rs := rule.results with input as object.union(inp({"status": "ok", "items": []}), {"datastore_targets": {"status": "forbidden", "message": "denied"}})
	by_id1(rs) == {"/S": "fail", "/w": "unknown"}
}

# An empty id names nothing: the datastore's account is unresolved, and without its own id the
# datastore is reported on the workspace.
test_empty_ids_are_unresolved if {
	targets := {"status": "ok", "items": [{"datastore": "odd", "datastore_id": "", "datastore_type": "AzureBlob", "storage_account_id": ""}]}
	rs := rule.results with input as {"id": "/w", "storage_account": {"status": "ok", "resource": null}, "datastore_targets": targets}
	by_id1(rs) == {"/w": "unknown"}
}
