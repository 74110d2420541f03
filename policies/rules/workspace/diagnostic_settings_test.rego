package amlscan.rules.workspace.diagnostic_settings_test

import data.amlscan.rules.workspace.diagnostic_settings as rule

ws_id := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/W"

ws := {"id": ws_id, "type": "Microsoft.MachineLearningServices/workspaces", "properties": {}}

entry := {"id": ws_id, "workspace": {"status": "ok", "resource": ws}}

setting(props) := {"name": "diag", "properties": props}

inp(diag_section) := object.union(entry, {"diagnostic_settings": {lower(ws_id): diag_section}})

test_pass_with_audit_to_log_analytics if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"categoryGroup": "audit", "enabled": true}]})]})
	count(rs) == 1
	some r in rs
	r.status == "pass"
}

test_pass_with_all_logs if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"categoryGroup": "allLogs", "enabled": true}]})]})
	some r in rs
	r.status == "pass"
}

test_fail_when_no_settings if {
	rs := rule.results with input as inp({"status": "ok", "items": []})
	count(rs) == 1
	some r in rs
	r.status == "fail"
	contains(r.message, "no diagnostic settings")
}

test_fail_when_only_storage_destination if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting({"storageAccountId": "/sa", "logs": [{"categoryGroup": "audit", "enabled": true}]})]})
	some r in rs
	r.status == "fail"
}

test_fail_when_logs_disabled if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"categoryGroup": "audit", "enabled": false}]})]})
	some r in rs
	r.status == "fail"
}

test_unknown_when_forbidden if {
	rs := rule.results with input as inp({"status": "forbidden", "message": "AuthorizationFailed", "items": []})
	count(rs) == 1
	some r in rs
	r.status == "unknown"
	r.evidence[0].path == "diagnostic_settings.status"
}

test_unknown_when_section_missing if {
	rs := rule.results with input as entry
	some r in rs
	r.status == "unknown"
}

# The categories Azure Monitor documents for Microsoft.MachineLearningServices/workspaces, as a
# portal or template lists them one by one.
documented := [
	"AmlComputeClusterEvent", "AmlComputeClusterNodeEvent", "AmlComputeCpuGpuUtilization", "AmlComputeJobEvent",
	"AmlRunStatusChangedEvent", "ComputeInstanceEvent", "DataLabelChangeEvent", "DataLabelReadEvent",
	"DataSetChangeEvent", "DataSetReadEvent", "DataStoreChangeEvent", "DataStoreReadEvent", "DeploymentEventACI",
	"DeploymentEventAKS", "DeploymentReadEvent", "EnvironmentChangeEvent", "EnvironmentReadEvent",
	"InferencingOperationACI", "InferencingOperationAKS", "ModelsActionEvent", "ModelsChangeEvent",
	"ModelsReadEvent", "PipelineChangeEvent", "PipelineReadEvent", "RunEvent", "RunReadEvent",
]

logs(names) := [{"category": name, "enabled": true} | some name in names]

named(name, props) := {"name": name, "properties": props}

test_pass_when_one_setting_lists_every_category if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": logs(documented)})]})
	count(rs) == 1
	some r in rs
	r.status == "pass"
	r.message == "Every workspace log category (26) reaches Log Analytics, listed one by one in diagnostic setting(s): diag."
}

test_pass_when_settings_together_list_every_category if {
	rs := rule.results with input as inp({"status": "ok", "items": [
		named("first", {"workspaceId": "/law", "logs": logs(array.slice(documented, 0, 10))}),
		named("rest", {"workspaceId": "/law2", "logs": logs([lower(c) | some c in array.slice(documented, 10, 26)])}),
	]})
	some r in rs
	r.status == "pass"
	contains(r.message, "first, rest")
}

test_fail_names_the_categories_left_out if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": logs(array.slice(documented, 2, 26))})]})
	count(rs) == 1
	some r in rs
	r.status == "fail"
	endswith(r.message, "leave out 2 of 26: amlcomputeclusterevent, amlcomputeclusternodeevent.")
	r.evidence[1].found == sort([lower(c) | some c in array.slice(documented, 2, 26)])
}

test_fail_when_the_listed_categories_go_only_to_storage if {
	rs := rule.results with input as inp({"status": "ok", "items": [setting({"storageAccountId": "/sa", "logs": logs(documented)})]})
	some r in rs
	r.status == "fail"
	r.message == "No diagnostic setting sends the audit or allLogs category group to a Log Analytics workspace."
}

test_fail_when_a_listed_category_is_disabled if {
	all_but_one := array.concat(logs(array.slice(documented, 1, 26)), [{"category": documented[0], "enabled": false}])
	some r in rule.results with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": all_but_one})]})
	r.status == "fail"
}
