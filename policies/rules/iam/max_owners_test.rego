package amlscan.rules.iam.max_owners_test

import data.amlscan.lib
import data.amlscan.rules.iam.max_owners as rule

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

test_pass_three_owners_including_inherited if status(rule.results) == "pass" with input as ws_entry([ra("a", "User", owner_rd, member), ra("b", "Group", owner_rd, member), ra("c", "User", owner_rd, member), ra("d", "User", reader_rd, member)])

test_fail_four_owners if {
	rs := rule.results with input as ws_entry([ra("a", "User", owner_rd, member), ra("b", "User", owner_rd, member), ra("c", "User", owner_rd, member), ra("d", "User", owner_rd, member)])
	status(rs) == "fail"
}

test_same_principal_counts_once if status(rule.results) == "pass" with input as ws_entry([ra("a", "User", owner_rd, member), ra("a", "User", owner_rd, member), ra("b", "User", owner_rd, member), ra("c", "User", owner_rd, member)])

test_parameter_max_owners if status(rule.results) == "fail" with input as ws_entry([ra("a", "User", owner_rd, member), ra("b", "User", owner_rd, member)]) with data.amlscan.params as object.union(lib.param_defaults, {"max_owners": 1})

test_unknown_assignments_forbidden if status(rule.results) == "unknown" with input as {"id": "/W", "workspace": {"status": "ok", "resource": ws}, "role_assignments": {"/w": {"status": "forbidden", "items": []}}}

# An Owner assignment whose properties are null still counts, by its role name.
test_owner_by_name_when_assignment_properties_are_null if {
	odd := object.union(ra("a", "User", owner_rd, member), {"assignment": {"properties": null}})
	status(rule.results) == "fail" with input as ws_entry([odd, ra("b", "User", owner_rd, member)]) with data.amlscan.params as object.union(lib.param_defaults, {"max_owners": 1})
}
