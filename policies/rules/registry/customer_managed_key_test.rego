package amlscan.rules.registry.customer_managed_key_test

import data.amlscan.lib
import data.amlscan.rules.registry.customer_managed_key as rule

acr(enc) := {"status": "ok", "resource": {"id": "/acr", "type": "Microsoft.ContainerRegistry/registries", "properties": {"encryption": enc}}}

ws(tags) := {"status": "ok", "resource": {"id": "/w", "type": "T", "tags": tags, "properties": {}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_regulated_with_cmk if status(rule.results) == "pass" with input as {"id": "/w", "workspace": ws({"data-classification": "ePHI"}), "container_registry": acr({"status": "Enabled"})}

test_fail_regulated_without_cmk if status(rule.results) == "fail" with input as {"id": "/w", "workspace": ws({"data-classification": "phi"}), "container_registry": acr({"status": "disabled"})}

test_pass_not_regulated if status(rule.results) == "pass" with input as {"id": "/w", "workspace": ws({}), "container_registry": acr({})}

test_custom_regulated_values if status(rule.results) == "fail" with input as {"id": "/w", "workspace": ws({"data-classification": "secret"}), "container_registry": acr({})} with data.amlscan.params as object.union(lib.param_defaults, {"regulated_data_values": ["secret"]})

test_unknown_registry_error if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": ws({}), "container_registry": {"status": "error", "message": "throttled"}}

test_no_result_without_registry if count(rule.results) == 0 with input as {"id": "/w", "workspace": ws({}), "container_registry": {"status": "ok", "resource": null}}

acr_tagged(tags, enc) := {"status": "ok", "resource": {"id": "/acr", "type": "Microsoft.ContainerRegistry/registries", "tags": tags, "properties": {"encryption": enc}}}

test_fail_registry_tagged_any_case if status(rule.results) == "fail" with input as {"id": "/w", "workspace": ws({}), "container_registry": acr_tagged({"Data-Classification": " PII "}, {})}

test_fail_registry_tagged_workspace_unreadable if status(rule.results) == "fail" with input as {"id": "/w", "workspace": {"status": "forbidden"}, "container_registry": acr_tagged({"data-classification": "phi"}, {"status": "disabled"})}

test_fail_hbi_workspace if status(rule.results) == "fail" with input as {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "T", "properties": {"hbiWorkspace": true}}}, "container_registry": acr({})}

test_unknown_workspace_unreadable_and_untagged if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden"}, "container_registry": acr({"status": "enabled"})}

test_unknown_regulated_but_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": ws({"data-classification": "phi"}), "container_registry": object.union(acr({}), {"unresolved": ["properties.encryption.status"]})}
