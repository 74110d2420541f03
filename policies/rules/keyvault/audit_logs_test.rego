package amlscan.rules.keyvault_audit_logs_test

import rego.v1

import data.amlscan.rules.keyvault_audit_logs as rule

kv := {"status": "ok", "resource": {"id": "/KV", "type": "Microsoft.KeyVault/vaults", "properties": {}}}

setting(props) := {"name": "d", "properties": props}

inp(diag) := {"id": "/w", "key_vault": kv, "diagnostic_settings": {"/kv": diag}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_audit_event_to_storage if status(rule.verdicts(inp({"status": "ok", "items": [setting({"storageAccountId": "/sa", "logs": [{"category": "AuditEvent", "enabled": true}]})]}))) == "pass"

test_pass_all_logs_to_law if status(rule.verdicts(inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"categoryGroup": "allLogs", "enabled": true}]})]}))) == "pass"

test_fail_no_settings if status(rule.verdicts(inp({"status": "ok", "items": []}))) == "fail"

test_fail_disabled_or_no_destination if status(rule.verdicts(inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"categoryGroup": "audit", "enabled": false}]}), setting({"logs": [{"categoryGroup": "audit", "enabled": true}]})]}))) == "fail"

test_unknown_diagnostics_forbidden if status(rule.verdicts(inp({"status": "forbidden", "message": "denied"}))) == "unknown"

test_unknown_vault_forbidden if status(rule.verdicts({"id": "/w", "key_vault": {"status": "forbidden", "resource_id": "/KV"}})) == "unknown"

test_pass_names_sorted_any_case if {
	rs := rule.verdicts(inp({"status": "ok", "items": [
		{"name": "zeta", "properties": {"eventHubAuthorizationRuleId": "/eh", "logs": [{"categoryGroup": "AUDIT", "enabled": true}]}},
		{"name": "alpha", "properties": {"workspaceId": "/law", "logs": [{"category": "auditevent", "enabled": true}]}},
		{"name": "blank", "properties": {"workspaceId": " ", "logs": [{"category": "AuditEvent", "enabled": true}]}},
	]}))
	some r in rs
	r.status == "pass"
	r.message == "Key vault audit logs are collected by: alpha, zeta."
	concat(",", r.evidence[0].found) == "alpha,zeta" # (comparing a sort() result to an array fails on rego-cpp)
}

test_fail_other_categories if status(rule.verdicts(inp({"status": "ok", "items": [setting({"workspaceId": "/law", "logs": [{"category": "AzurePolicyEvaluationDetails", "enabled": true}]})]}))) == "fail"

test_unknown_diagnostics_not_collected if status(rule.verdicts({"id": "/w", "key_vault": kv, "diagnostic_settings": {}})) == "unknown"

test_no_result_without_vault if count(rule.verdicts({"id": "/w", "key_vault": {"status": "ok", "resource": null}})) == 0

# Values of other types are not what is looked for, never a stop: a setting whose properties are not
# an object sends nothing; a setting named by a number is named by its text.
test_fail_setting_properties_not_an_object if status(rule.verdicts(inp({"status": "ok", "items": [setting("x"), setting(null)]}))) == "fail"

test_pass_names_a_setting_named_by_a_number if {
	rs := rule.verdicts(inp({"status": "ok", "items": [{"name": 7, "properties": {"workspaceId": "/law", "logs": [{"categoryGroup": "audit", "enabled": true}]}}]}))
	some r in rs
	r.status == "pass"
	r.message == "Key vault audit logs are collected by: 7."
}
