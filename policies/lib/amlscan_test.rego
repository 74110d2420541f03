package amlscan.lib_test

import rego.v1

import data.amlscan.lib

test_ok_only_for_ok_status if {
	lib.ok({"status": "ok"})
	not lib.ok({"status": "forbidden"})
	not lib.ok({})
}

test_eq_ci_ignores_case if {
	lib.eq_ci("Disabled", "disabled")
	not lib.eq_ci("Enabled", "Disabled")
}

test_prop_absent_is_null if {
	lib.prop({"properties": {"a": 1}}, ["properties", "a"]) == 1
	lib.prop({"properties": {}}, ["properties", "a"]) == null
}

test_section_unknown_names_section_and_cause if {
	r := lib.section_unknown({"status": "forbidden", "message": "AuthorizationFailed"}, "storage_account", "/x", "T")
	r.status == "unknown"
	contains(r.message, "storage_account")
	contains(r.message, "AuthorizationFailed")
	r.evidence[0].found == "forbidden"
}

test_section_unknown_when_section_missing if {
	r := lib.section_unknown(null, "locks", "/x", "T")
	r.evidence[0].found == null
}

test_by_id_is_case_insensitive if {
	lib.by_id({"/subscriptions/a/x": {"status": "ok"}}, "/Subscriptions/A/X").status == "ok"
	lib.by_id({}, "/x").status == "missing"
}

test_workspace_id_falls_back_to_entry_id if {
	lib.workspace_id({"id": "/entry", "workspace": {"status": "forbidden"}}) == "/entry"
	lib.workspace_id({"id": "/entry", "workspace": {"status": "ok", "resource": {"id": "/ws"}}}) == "/ws"
}

test_workspace_unknown_when_section_missing if {
	r := lib.workspace_unknown({"id": "/entry"})
	r.status == "unknown"
	r.resource_id == "/entry"
}

test_params_fall_back_to_defaults if {
	lib.params.max_owners == 3
	lib.params.regulated_data_tag == "data-classification"
}

test_regulated_tag_is_case_insensitive if {
	lib.regulated_with({"tags": {"Data-Classification": " PHI "}}, lib.param_defaults)
	not lib.regulated_with({"tags": {"data-classification": "public"}}, lib.param_defaults)
	not lib.regulated_with({"tags": null}, lib.param_defaults)
	lib.workspace_regulated_with({"properties": {"hbiWorkspace": true}}, lib.param_defaults)
}

test_write_and_data_write_actions if {
	lib.role_grants_any_write({"properties": {"permissions": [{"actions": ["*"]}]}})
	lib.role_grants_any_write({"properties": {"permissions": [{"actions": ["Microsoft.Storage/storageAccounts/blobServices/containers/write"]}]}})
	not lib.role_grants_any_write({"properties": {"permissions": [{"actions": ["*/read"]}]}})
	not lib.role_grants_any_write({"properties": {"permissions": [{"actions": ["Microsoft.Storage/*/write"], "notActions": ["Microsoft.Storage/*/write"]}]}})
	not lib.role_grants_any_write(null)
	lib.role_grants_any_write({"properties": {"permissions": [{"dataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action"]}]}})
	not lib.role_grants_any_write({"properties": {"permissions": [{"dataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]}]}})
}

test_owner_by_role_guid_or_name if {
	lib.is_owner({"assignment": {"properties": {"roleDefinitionId": "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635"}}})
	lib.is_owner({"assignment": {"properties": {}}, "role_definition": {"properties": {"roleName": "Owner"}}})
	not lib.is_owner({"assignment": {"properties": {}}, "role_definition": {"properties": {"roleName": "Reader"}}})
}

test_region_geography if {
	lib.region_geography.westeurope == "eu-data-boundary"
	lib.region_geography.germanywestcentral == "eu-data-boundary"
	lib.region_geography.uksouth == "united-kingdom"

	# A region the table does not know has no geography. (Through a variable: OPA's type checker
	# refuses a literal key the table does not have.)
	unknown_region := "marsnorth"
	not lib.region_geography[unknown_region]
}

test_judge_statuses if {
	res := {"id": "/r", "type": "T"}
	lib.judge({"status": "ok"}, res, ["p"], true, "ok", "bad", []).status == "pass"
	lib.judge({"status": "ok"}, res, ["p"], false, "ok", "bad", []).status == "fail"
	lib.judge({"status": "ok", "unresolved": ["p"]}, res, ["p"], true, "ok", "bad", []).status == "unknown"
}

test_assoc_unknown_names_the_looked_up_id if {
	r := lib.assoc_unknown({"id": "/w", "key_vault": {"status": "not_found", "resource_id": "/kv", "message": "gone"}}, "key_vault", "Microsoft.KeyVault/vaults")
	r.status == "unknown"
	r.resource_id == "/kv"
	lib.assoc_unknown({"id": "/w"}, "key_vault", "T").resource_id == "/w"
}
