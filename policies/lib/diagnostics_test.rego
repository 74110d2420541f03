package amlscan.lib_test

import data.amlscan.lib

test_log_analytics_destination_is_a_nonempty_workspace_id if {
	lib.log_analytics_destination({"properties": {"workspaceId": "/law"}}) == "/law"
	not lib.log_analytics_destination({"properties": {"workspaceId": " "}})
	not lib.log_analytics_destination({"properties": {"workspaceId": null, "storageAccountId": "/sa"}})
	not lib.log_analytics_destination({"properties": 5})
	not lib.log_analytics_destination("setting")
}

test_enabled_logs_are_the_entries_enabled_true if {
	lib.enabled_logs({"properties": {"logs": [
		{"category": "RunEvent", "enabled": true},
		{"category": "RunReadEvent", "enabled": false},
		{"categoryGroup": "audit", "enabled": "true"},
	]}}) == [{"category": "RunEvent", "enabled": true}]
	lib.enabled_logs({"properties": {"logs": {"category": "RunEvent"}}}) == []
	lib.enabled_logs(null) == []
}

test_workspace_log_categories_are_lower_case if {
	count(lib.workspace_log_categories) == 26
	every category in lib.workspace_log_categories {
		category == lower(category)
	}
}
