package amlscan.rules.keyvault.rbac_authorization_test

import data.amlscan.rules.keyvault.rbac_authorization as rule
import data.amlscan.test.inputs

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_rbac if status(rule.results) == "pass" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableRbacAuthorization": true}}}}

test_fail_false if status(rule.results) == "fail" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {"enableRbacAuthorization": false}}}}

test_fail_absent if status(rule.results) == "fail" with input as {"id": "/w", "key_vault": {"status": "ok", "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {}}}}

test_unknown_when_section_forbidden if {
	rs := rule.results with input as {"id": "/w", "key_vault": {"status": "forbidden", "resource_id": "/r", "message": "AuthorizationFailed"}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/r"
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "key_vault": {"status": "ok", "unresolved": ["properties.enableRbacAuthorization"], "resource": {"id": "/r", "type": "T", "properties": {}}}}

test_no_result_when_nothing_linked if count(rule.results) == 0 with input as {"id": "/w", "key_vault": {"status": "ok", "resource": null}}

# Infrastructure code that leaves enableRbacAuthorization out gets the default of its api-version.
declared(api_version, kind) := {
	"id": "/w",
	"key_vault": {"status": "ok", "api_version": api_version, "resource": {"id": "/r", "type": "Microsoft.KeyVault/vaults", "properties": {}}},
	"context": {"source": {"kind": kind, "location": "main.json"}},
}

test_pass_absent_in_a_template_from_2026_02_01 if {
	rs := rule.results with input as declared("2026-02-01", "arm-template")
	status(rs) == "pass"
	some r in rs
	contains(r.message, "the template uses 2026-02-01")
	r.evidence[1].found == "2026-02-01"
}

test_pass_absent_in_a_later_preview if status(rule.results) == "pass" with input as declared("2026-04-01-preview", "terraform-plan")

# What-if shows an existing vault on access policies without the property too.
test_unknown_absent_in_a_what_if_from_2026_02_01 if {
	v := inputs.only(rule.results) with input as declared("2026-02-01", "arm-what-if")
	v.status == "unknown"
	contains(v.message, "the snapshot does not say which this is")
	status(rule.results) == "fail" with input as declared("2024-11-01", "arm-what-if")
}

test_fail_absent_in_a_template_before_2026_02_01 if {
	rs := rule.results with input as declared("2025-05-01", "arm-template")
	status(rs) == "fail"
	some r in rs
	contains(r.message, "uses api-version 2025-05-01: before 2026-02-01")
}

test_unknown_absent_in_a_template_without_its_api_version if {
	status(rule.results) == "unknown" with input as json.remove(declared("2026-02-01", "terraform-plan"), ["key_vault/api_version"])
	status(rule.results) == "unknown" with input as declared("latest", "arm-template")
}

# A live collection (or a fixture standing for one): absent means null, access policies, whatever
# api-version read it.
test_fail_absent_in_a_live_snapshot_whatever_the_api_version if {
	status(rule.results) == "fail" with input as declared("2026-02-01", "live")
	status(rule.results) == "fail" with input as declared("2026-02-01", "fixture")
}

test_explicit_false_fails_in_a_template if {
	doc := json.patch(declared("2026-02-01", "arm-template"), [{"op": "add", "path": "/key_vault/resource/properties/enableRbacAuthorization", "value": false}])
	status(rule.results) == "fail" with input as doc
}
