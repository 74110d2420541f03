package amlscan.rules.registry_customer_managed_key_test

import rego.v1

import data.amlscan.lib
import data.amlscan.rules.registry_customer_managed_key as rule

acr(enc) := {"status": "ok", "resource": {"id": "/acr", "type": "Microsoft.ContainerRegistry/registries", "properties": {"encryption": enc}}}

ws(tags) := {"status": "ok", "resource": {"id": "/w", "type": "T", "tags": tags, "properties": {}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_regulated_with_cmk if status(rule.verdicts({"id": "/w", "workspace": ws({"data-classification": "ePHI"}), "container_registry": acr({"status": "Enabled"})})) == "pass"

test_fail_regulated_without_cmk if status(rule.verdicts({"id": "/w", "workspace": ws({"data-classification": "phi"}), "container_registry": acr({"status": "disabled"})})) == "fail"

test_pass_not_regulated if status(rule.verdicts({"id": "/w", "workspace": ws({}), "container_registry": acr({})})) == "pass"

test_custom_regulated_values if status(rule.verdicts_with({"id": "/w", "workspace": ws({"data-classification": "secret"}), "container_registry": acr({})}, object.union(lib.param_defaults, {"regulated_data_values": ["secret"]}))) == "fail"

test_unknown_registry_error if status(rule.verdicts({"id": "/w", "workspace": ws({}), "container_registry": {"status": "error", "message": "throttled"}})) == "unknown"

test_no_result_without_registry if count(rule.verdicts({"id": "/w", "workspace": ws({}), "container_registry": {"status": "ok", "resource": null}})) == 0

acr_tagged(tags, enc) := {"status": "ok", "resource": {"id": "/acr", "type": "Microsoft.ContainerRegistry/registries", "tags": tags, "properties": {"encryption": enc}}}

test_fail_registry_tagged_any_case if status(rule.verdicts({"id": "/w", "workspace": ws({}), "container_registry": acr_tagged({"Data-Classification": " PII "}, {})})) == "fail"

test_fail_registry_tagged_workspace_unreadable if status(rule.verdicts({"id": "/w", "workspace": {"status": "forbidden"}, "container_registry": acr_tagged({"data-classification": "phi"}, {"status": "disabled"})})) == "fail"

test_fail_hbi_workspace if status(rule.verdicts({"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "T", "properties": {"hbiWorkspace": true}}}, "container_registry": acr({})})) == "fail"

test_unknown_workspace_unreadable_and_untagged if status(rule.verdicts({"id": "/w", "workspace": {"status": "forbidden"}, "container_registry": acr({"status": "enabled"})})) == "unknown"

test_unknown_regulated_but_unresolved if status(rule.verdicts({"id": "/w", "workspace": ws({"data-classification": "phi"}), "container_registry": object.union(acr({}), {"unresolved": ["properties.encryption.status"]})})) == "unknown"
