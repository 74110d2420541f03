package amlscan.rules.keyvault.audit_logs_test

import data.amlscan.rules.keyvault.audit_logs as rule

kv := {"status": "ok", "resource": {"id": "/KV", "type": "Microsoft.KeyVault/vaults", "properties": {}}}

setting(props) := {"name": "d", "properties": props}

inp(diag) := {"id": "/w", "key_vault": kv, "diagnostic_settings": {"/kv": diag}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_audit_event_to_storage if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [setting({"storageAccountId": "/sa", "logs": [{"category": "AuditEvent", "enabled": true}]})]})

test_pass_all_logs_to_law if status(rule.results) == "pass" with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"categoryGroup": "allLogs", "enabled": true}]})]})

test_fail_no_settings if status(rule.results) == "fail" with input as inp({"status": "ok", "items": []})

test_fail_disabled_or_no_destination if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"categoryGroup": "audit", "enabled": false}]}), setting({"logs": [{"categoryGroup": "audit", "enabled": true}]})]})

test_unknown_diagnostics_forbidden if status(rule.results) == "unknown" with input as inp({"status": "forbidden", "message": "denied"})

test_unknown_vault_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "key_vault": {"status": "forbidden", "resource_id": "/KV"}}

test_pass_names_sorted_any_case if {
	rs := rule.results with input as inp({"status": "ok", "items": [
		{"name": "zeta", "properties": {"eventHubAuthorizationRuleId": "/eh", "logs": [{"categoryGroup": "AUDIT", "enabled": true}]}},
		{"name": "alpha", "properties": {"workspaceId": "/law", "logs": [{"category": "auditevent", "enabled": true}]}},
		{"name": "blank", "properties": {"workspaceId": " ", "logs": [{"category": "AuditEvent", "enabled": true}]}},
	]})
	some r in rs
	r.status == "pass"
	r.message == "Key vault audit logs are collected by: alpha, zeta."
	r.evidence[0].found == ["alpha", "zeta"]
}

test_fail_other_categories if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"category": "AzurePolicyEvaluationDetails", "enabled": true}]})]})

test_unknown_diagnostics_not_collected if status(rule.results) == "unknown" with input as {"id": "/w", "key_vault": kv, "diagnostic_settings": {}}

test_no_result_without_vault if count(rule.results) == 0 with input as {"id": "/w", "key_vault": {"status": "ok", "resource": null}}

# Values of other types are not what is looked for, never a stop: a setting whose properties are not
# an object sends nothing; a setting named by a number is named by its text.
test_fail_setting_properties_not_an_object if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [setting("x"), setting(null)]})

test_pass_names_a_setting_named_by_a_number if {
	rs := rule.results with input as inp({"status": "ok", "items": [{"name": 7, "properties": {"workspaceId": "/law", "logs": [{"categoryGroup": "audit", "enabled": true}]}}]})
	some r in rs
	r.status == "pass"
	r.message == "Key vault audit logs are collected by: 7."
}
