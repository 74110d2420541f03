package amlscan.lib_test

import data.amlscan.lib

test_write_and_data_write_actions if {
	lib.role_grants_any_write({"properties": {"permissions": [{"actions": ["*"]}]}})
	lib.role_grants_any_write({"properties": {"permissions": [{"actions": ["Microsoft.Storage/storageAccounts/blobServices/containers/write"]}]}})
	not lib.role_grants_any_write({"properties": {"permissions": [{"actions": ["*/read"]}]}})
	not lib.role_grants_any_write({"properties": {"permissions": [{"actions": ["Microsoft.Storage/*/write"], "notActions": ["Microsoft.Storage/*/write"]}]}})
	lib.role_grants_any_write({"properties": {"permissions": [{"dataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action"]}]}})
	not lib.role_grants_any_write({"properties": {"permissions": [{"dataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]}]}})
}

test_odd_role_definitions_grant_nothing if {
	not lib.role_grants_any_write(null)
	not lib.role_grants_any_write({"properties": null})
	not lib.role_grants_any_write({"properties": {"permissions": ["*", 5, null]}})
	not lib.role_grants_any_write({"properties": {"permissions": [{"actions": [5, null]}]}})
}

test_owner_by_role_guid_or_name if {
	lib.is_owner({"assignment": {"properties": {"roleDefinitionId": "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635"}}})
	lib.is_owner({"assignment": {"properties": {}}, "role_definition": {"properties": {"roleName": "Owner"}}})
	lib.is_owner({"assignment": {"properties": null}, "role_definition": {"properties": {"roleName": "Owner"}}})
	not lib.is_owner({"assignment": {"properties": {}}, "role_definition": {"properties": {"roleName": "Reader"}}})
}

test_assignment_label if {
	item := {"assignment": {"properties": {"principalId": "p1"}}, "role_definition": {"properties": {"roleName": "Reader"}}}
	lib.assignment_label(item) == "p1 (Reader)"
	lib.assignment_label(object.union(item, {"principal": {"display_name": "Ana"}})) == "Ana (Reader)"
	lib.assignment_label({"assignment": {"properties": {"principalId": 7}}, "role_definition": null}) == "7 ()"
}
