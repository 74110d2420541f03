package amlscan.rules.governance.policy_deny_guardrails_test

import data.amlscan.rules.governance.policy_deny_guardrails as rule

ws := {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": {}}

assignment(name, guid, effect, mode) := {"name": name, "properties": {"policyDefinitionId": concat("", ["/providers/Microsoft.Authorization/policyDefinitions/", guid]), "parameters": {"effect": {"value": effect}}, "enforcementMode": mode}}

net_guid := "438c38d2-3772-465a-a9cc-7a6666a275ce"

enc_guid := "ba769a63-b8cc-4b2d-abf6-ac33c7204be8"

inp(items) := {"id": "/w", "workspace": {"status": "ok", "resource": ws}, "policy_assignments": {"status": "ok", "items": items}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_with_both_deny if status(rule.results) == "pass" with input as inp([assignment("n", net_guid, "Deny", "Default"), assignment("e", enc_guid, "deny", "Default")])

test_fail_audit_only if status(rule.results) == "fail" with input as inp([assignment("n", net_guid, "Audit", "Default"), assignment("e", enc_guid, "Audit", "Default")])

test_fail_missing_encryption if {
	rs := rule.results with input as inp([assignment("n", net_guid, "Deny", "Default")])
	status(rs) == "fail"
	some r in rs
	contains(r.message, "encryption")
	not contains(r.message, "network")
}

test_fail_do_not_enforce if status(rule.results) == "fail" with input as inp([assignment("n", net_guid, "Deny", "DoNotEnforce"), assignment("e", enc_guid, "Deny", "Default")])

test_unknown_when_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws}, "policy_assignments": {"status": "forbidden", "items": []}}

# A snapshot without the section: unknown, naming the absent section (on OPA too, see
# container_registry_present_test).
test_unknown_when_section_absent if {
	some r in rule.results with input as {"id": "/w", "workspace": {"status": "ok", "resource": ws}}
	r.status == "unknown"
	contains(r.message, "policy_assignments could not be collected")
}
