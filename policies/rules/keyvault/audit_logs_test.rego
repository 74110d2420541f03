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
