package amlscan.rules.iam.datastore_data_scientist_read_only_test

import data.amlscan.lib
import data.amlscan.rules.iam.datastore_data_scientist_read_only as rule

roles := {"reader": reader_rd, "contributor": contributor_rd, "ds": ds_rd}

reader_rd := {"id": "/rd/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Storage Blob Data Reader", "type": "BuiltInRole", "permissions": [{"actions": ["Microsoft.Storage/storageAccounts/blobServices/containers/read"], "dataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]}]}}

contributor_rd := {"id": "/rd/ba92f5b4-2d11-453d-a403-e96b0029c9fe", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Storage Blob Data Contributor", "type": "BuiltInRole", "permissions": [{"actions": ["Microsoft.Storage/storageAccounts/blobServices/containers/write"], "dataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"]}]}}

ds_rd := {"id": "/rd/f6c7c914-8db3-469d-8ca1-694a8f32e121", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "AzureML Data Scientist", "type": "BuiltInRole", "permissions": [{"actions": ["Microsoft.MachineLearningServices/workspaces/*/write"], "notActions": ["Microsoft.MachineLearningServices/workspaces/write"]}]}}

ra(principal, rd) := {
	"assignment": {"id": concat("", ["/ra/", principal, rd.properties.roleName]), "type": "Microsoft.Authorization/roleAssignments", "properties": {"principalId": principal, "principalType": "Group", "roleDefinitionId": rd.id}},
	"role_definition": rd,
}

default_sa := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdefault"

lake := "/subscriptions/s/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stLake"

account(tags) := {"status": "ok", "resource": {"id": lake, "type": "Microsoft.Storage/storageAccounts", "tags": tags}, "datastores": ["lake"]}

target(name, id) := {"datastore": name, "datastore_id": concat("", ["/ws/datastores/", name]), "storage_account_id": id}

# The workspace (tagged as given) with the AzureML Data Scientist role for group "ds", its own storage
# account behind workspaceblobstore, and a lake account behind datastore "lake".
entry(ws_tags, lake_section, lake_items) := entry_with(ws_tags, lake_section, {"status": "ok", "items": lake_items})

entry_with(ws_tags, lake_section, lake_assignments) := {
	"id": "/W",
	"workspace": {"status": "ok", "resource": {"id": "/W", "type": "Microsoft.MachineLearningServices/workspaces", "tags": ws_tags, "properties": {"storageAccount": sa}}},
	"storage_account": {"status": "ok", "resource": {"id": sa, "type": "Microsoft.Storage/storageAccounts"}},
	"role_assignments": {"/w": {"status": "ok", "items": [ra("ds", role("ds"))]}},
	"datastore_targets": {"status": "ok", "items": [target("workspaceblobstore", sa), target("lake", lake_id)]},
	"datastore_storage_accounts": {lower(sa): {"status": "ok", "resource": {"id": sa}}, lower(lake_id): lake_section},
	"datastore_role_assignments": {lower(sa): {"status": "ok", "items": [ra("ds", role("contributor"))]}, lower(lake_id): lake_assignments},
} if {
	sa := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdefault"
	lake_id := "/subscriptions/s/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stLake"
}

role(name) := roles[name]

phi := {"data-classification": "phi"}

test_pass_scientists_read_only_on_the_lake if {
	rs := rule.results with input as entry(phi, account({}), [ra("ds", reader_rd), ra("pipeline", contributor_rd)])
	v := inputs_only(rs)
	v.status == "pass"
	v.resource_id == lake
}

# The workspace's own account is AML-IAM-008's: the contributor role there is not judged here.
test_the_workspace_account_is_left_to_iam_008 if {
	rs := rule.results with input as entry(phi, account({}), [ra("ds", reader_rd)])
	count(rs) == 1
}

test_fail_scientist_can_write_the_lake if {
	v := inputs_only(rule.results) with input as entry(phi, account({}), [ra("DS", contributor_rd)])
	v.status == "fail"
	v.message == "Data scientists can write to or delete regulated data: DS (Storage Blob Data Contributor)."
}

test_fail_when_only_the_account_is_tagged if {
	inputs_only(rule.results).status == "fail" with input as entry({}, account({"Data-Classification": "PHI"}), [ra("ds", contributor_rd)])
}

test_fail_configured_scientist if {
	e := json.patch(entry({}, account(phi), [ra("a1b2", contributor_rd)]), [{"op": "replace", "path": "/role_assignments/~1w/items", "value": []}])
	inputs_only(rule.results).status == "fail" with input as e with data.amlscan.params as object.union(lib.param_defaults, {"data_scientist_principal_ids": ["A1B2"]})
}

test_pass_not_regulated if {
	v := inputs_only(rule.results) with input as entry({}, account({}), [ra("ds", contributor_rd)])
	v.status == "pass"
	v.message == "The storage account is not marked as holding regulated data."
}

test_unknown_assignments_not_readable if {
	v := inputs_only(rule.results) with input as entry_with(phi, account({}), {"status": "error", "message": "not declared"})
	v.status == "unknown"
	v.message == "datastore_role_assignments could not be collected (error): not declared"
}

# Without the account, a workspace that is not itself regulated cannot say whether the account is.
test_unknown_account_not_readable_and_workspace_not_regulated if {
	v := inputs_only(rule.results) with input as entry({}, {"status": "forbidden", "resource_id": lake, "message": "denied"}, [])
	v.status == "unknown"
	v.resource_id == lake
}

test_regulated_workspace_judges_an_unreadable_account if {
	inputs_only(rule.results).status == "fail" with input as entry(phi, {"status": "forbidden", "resource_id": lake, "message": "denied"}, [ra("ds", contributor_rd)])
}

test_unknown_no_scientists_known if {
	e := json.patch(entry(phi, account({}), [ra("x", contributor_rd)]), [{"op": "replace", "path": "/role_assignments/~1w/items", "value": []}])
	v := inputs_only(rule.results) with input as e
	v.status == "unknown"
	startswith(v.message, "No data scientists are known")
}

test_unknown_workspace_assignments_not_readable if {
	e := json.patch(entry(phi, account({}), [ra("x", contributor_rd)]), [{"op": "replace", "path": "/role_assignments/~1w", "value": {"status": "forbidden", "message": "denied"}}])
	inputs_only(rule.results).message == "role_assignments could not be collected (forbidden): denied" with input as e
}

test_unknown_datastore_account_not_known if {
	e := json.patch(entry(phi, account({}), [ra("ds", reader_rd)]), [{"op": "add", "path": "/datastore_targets/items/-", "value": {"datastore": "gen1", "datastore_id": "/ws/datastores/gen1", "storage_account_id": null, "note": "Data Lake Gen1 is not a storage account"}}])
	rs := rule.results with input as e
	count(rs) == 2
	some v in rs
	v.resource_id == "/ws/datastores/gen1"
	v.status == "unknown"
	v.message == "The storage account datastore gen1 points at is not known (Data Lake Gen1 is not a storage account), so neither is who can write to its data."
}

test_unknown_targets_not_collected if {
	e := json.patch(entry(phi, account({}), [ra("ds", reader_rd)]), [{"op": "replace", "path": "/datastore_targets", "value": {"status": "forbidden", "message": "denied"}}])
	rs := rule.results with input as e
	some v in rs
	v.resource_id == "/W"
	v.message == "datastore_targets could not be collected (forbidden): denied"
}

test_unknown_workspace_not_readable if {
	e := json.patch(entry(phi, account({}), [ra("ds", reader_rd)]), [{"op": "replace", "path": "/workspace", "value": {"status": "forbidden"}}])
	inputs_only(rule.results).status == "unknown" with input as e
}

test_no_result_without_other_datastores if {
	e := object.union(object.remove(entry(phi, account({}), []), ["datastore_targets", "datastore_storage_accounts"]), {
		"datastore_targets": {"status": "ok", "items": [target("workspaceblobstore", default_sa)]},
		"datastore_storage_accounts": {lower(default_sa): {"status": "ok", "resource": {"id": default_sa}}},
	})
	count(rule.results) == 0 with input as e
}

inputs_only(rs) := v if {
	count(rs) == 1
	some v in rs
}

# One verdict per account, even when the account is tagged and the workspace cannot be read.
test_one_verdict_when_the_workspace_is_unreadable_and_the_account_tagged if {
	e := json.patch(entry({}, account(phi), [ra("ds", contributor_rd)]), [{"op": "replace", "path": "/workspace", "value": {"status": "forbidden"}}])
	v := inputs_only(rule.results) with input as e
	v.status == "unknown"
}
