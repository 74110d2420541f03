package amlscan.rules.iam.data_scientist_read_only_test

import data.amlscan.lib
import data.amlscan.rules.iam.data_scientist_read_only as rule

owner_rd := {"id": "/rd/8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Owner", "type": "BuiltInRole", "permissions": [{"actions": ["*"], "notActions": [], "dataActions": [], "notDataActions": []}]}}

reader_rd := {"id": "/rd/acdd72a7-3385-48ef-bd42-f606fba81ae7", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Reader", "type": "BuiltInRole", "permissions": [{"actions": ["*/read"], "notActions": [], "dataActions": [], "notDataActions": []}]}}

blob_reader_rd := {"id": "/rd/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Storage Blob Data Reader", "type": "BuiltInRole", "permissions": [{"actions": ["Microsoft.Storage/storageAccounts/blobServices/containers/read"], "dataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]}]}}

blob_contributor_rd := {"id": "/rd/ba92f5b4-2d11-453d-a403-e96b0029c9fe", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Storage Blob Data Contributor", "type": "BuiltInRole", "permissions": [{"actions": ["Microsoft.Storage/storageAccounts/blobServices/containers/write"], "dataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"]}]}}

ds_rd := {"id": "/rd/f6c7c914-8db3-469d-8ca1-694a8f32e121", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "AzureML Data Scientist", "type": "BuiltInRole", "permissions": [{"actions": ["Microsoft.MachineLearningServices/workspaces/*/write"], "notActions": ["Microsoft.MachineLearningServices/workspaces/write"], "dataActions": [], "notDataActions": []}]}}

custom_rd(actions) := {"id": "/rd/custom", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "ML Custom", "type": "CustomRole", "permissions": [{"actions": actions, "notActions": [], "dataActions": [], "notDataActions": []}]}}

ra(principal, ptype, rd, facts) := {
	"assignment": {"id": concat("", ["/ra/", principal, rd.properties.roleName]), "type": "Microsoft.Authorization/roleAssignments", "properties": {"principalId": principal, "principalType": ptype, "roleDefinitionId": rd.id}},
	"role_definition": rd,
	"principal": facts,
}

member := {"exists": true, "user_type": "Member"}

ws := {"id": "/W", "type": "Microsoft.MachineLearningServices/workspaces", "tags": {}, "properties": {}}

ws_entry(ws_items) := {"id": "/W", "workspace": {"status": "ok", "resource": ws}, "role_assignments": {"/w": {"status": "ok", "items": ws_items}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

phi_ws := object.union(ws, {"tags": {"data-classification": "phi"}})

sa := {"status": "ok", "resource": {"id": "/SA", "type": "Microsoft.Storage/storageAccounts", "tags": {}}}

entry3(workspace, ws_items, sa_items) := {
	"id": "/W",
	"workspace": {"status": "ok", "resource": workspace},
	"storage_account": sa,
	"role_assignments": {"/w": {"status": "ok", "items": ws_items}, "/sa": {"status": "ok", "items": sa_items}},
}

test_pass_scientists_read_only if status(rule.results) == "pass" with input as entry3(phi_ws, [ra("ds", "Group", ds_rd, member)], [ra("ds", "Group", blob_reader_rd, member), ra("mi", "ServicePrincipal", blob_contributor_rd, member)])

test_fail_scientist_by_role_is_contributor if status(rule.results) == "fail" with input as entry3(phi_ws, [ra("ds", "Group", ds_rd, member)], [ra("DS", "Group", blob_contributor_rd, member)])

test_fail_configured_scientist_owner_inherited if status(rule.results) == "fail" with input as entry3(phi_ws, [], [ra("x", "User", owner_rd, member)]) with data.amlscan.params as object.union(lib.param_defaults, {"data_scientist_principal_ids": ["X"]})

test_pass_not_regulated if status(rule.results) == "pass" with input as entry3(ws, [ra("ds", "Group", ds_rd, member)], [ra("ds", "Group", blob_contributor_rd, member)])

test_unknown_no_scientists_known if status(rule.results) == "unknown" with input as entry3(phi_ws, [], [ra("mi", "ServicePrincipal", blob_contributor_rd, member)])

test_unknown_storage_assignments_forbidden if {
	e := object.union(entry3(phi_ws, [ra("ds", "Group", ds_rd, member)], []), {"role_assignments": {"/sa": {"status": "forbidden", "items": []}}})
	status(rule.results) == "unknown" with input as e
}

test_unknown_storage_not_found if status(rule.results) == "unknown" with input as {"id": "/W", "workspace": {"status": "ok", "resource": phi_ws}, "storage_account": {"status": "not_found", "resource_id": "/SA"}}
