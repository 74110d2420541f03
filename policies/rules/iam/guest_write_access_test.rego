package amlscan.rules.iam.guest_write_access_test

import data.amlscan.rules.iam.guest_write_access as rule

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

test_pass_guest_reader if status(rule.results) == "pass" with input as ws_entry([ra("g", "User", reader_rd, {"exists": true, "user_type": "Guest"}), ra("a", "User", owner_rd, member)])

test_fail_guest_owner if status(rule.results) == "fail" with input as ws_entry([ra("g", "User", owner_rd, {"exists": true, "user_type": "guest"})])

test_fail_foreign_group_data_writer_on_storage if {
	entry := object.union(ws_entry([]), {
		"storage_account": {"status": "ok", "resource": {"id": "/SA", "type": "Microsoft.Storage/storageAccounts"}},
		"role_assignments": {"/w": {"status": "ok", "items": []}, "/sa": {"status": "ok", "items": [ra("f", "ForeignGroup", blob_contributor_rd, null)]}},
	})
	status(rule.results) == "fail" with input as entry
}

test_unknown_assignments_missing if status(rule.results) == "unknown" with input as {"id": "/W", "workspace": {"status": "ok", "resource": ws}}
