package amlscan.lib_test

import data.amlscan.lib

datastore_entry := {
	"workspace": {"status": "ok", "resource": {"id": "/w", "properties": {"storageAccount": "/S/Default"}}},
	"storage_account": {"status": "not_found", "resource_id": "/s/default", "resource": null},
	"datastore_targets": {"status": "ok", "items": [
		{"datastore": "workspaceblobstore", "storage_account_id": "/S/Default"},
		{"datastore": "lake", "datastore_id": "/w/datastores/lake", "storage_account_id": "/S/Lake"},
		{"datastore": "gen1", "datastore_id": "/w/datastores/gen1", "storage_account_id": null, "note": "Data Lake Gen1"},
		{"datastore": 5},
	]},
	"datastore_storage_accounts": {"/s/other": {"status": "forbidden"}},
}

test_data_accounts_of_targets_and_map if {
	lib.datastore_account_ids == {"/s/default", "/s/lake", "/s/other"} with input as datastore_entry
	lib.default_storage_ids == {"/s/default"} with input as datastore_entry
}

test_unresolved_datastores_name_why if {
	lib.unresolved_datastores == {
		{"id": "/w/datastores/gen1", "name": "gen1", "note": "Data Lake Gen1"},
		{"id": "/w", "name": "5", "note": "the datastore names no storage account"},
	} with input as datastore_entry
}

test_account_section_and_id if {
	lib.datastore_account_section("/S/Other").status == "forbidden" with input as datastore_entry
	lib.datastore_account_section("/s/lake").status == "missing" with input as datastore_entry
	lib.account_id({"status": "ok", "resource": {"id": "/A"}}, "/a") == "/A"
	lib.account_id({"status": "forbidden", "resource_id": "/B"}, "/b") == "/B"
	lib.account_id({"status": "missing"}, "/c") == "/c"
}
