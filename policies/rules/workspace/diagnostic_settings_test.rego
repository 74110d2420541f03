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
