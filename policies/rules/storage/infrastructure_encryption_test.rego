package amlscan.rules.storage.infrastructure_encryption_test

import data.amlscan.rules.storage.infrastructure_encryption as rule

sa(enc) := {"status": "ok", "resource": {"id": "/sa", "type": "Microsoft.Storage/storageAccounts", "properties": {"encryption": enc}}}

ws2(tags, props) := {"status": "ok", "resource": {"id": "/w", "type": "T", "tags": tags, "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_regulated_with_infra if status(rule.results) == "pass" with input as {"id": "/w", "workspace": ws2({"data-classification": "phi"}, {}), "storage_account": sa({"requireInfrastructureEncryption": true})}

test_fail_regulated_without_infra if status(rule.results) == "fail" with input as {"id": "/w", "workspace": ws2({"data-classification": "phi"}, {}), "storage_account": sa({})}

test_fail_hbi_workspace_without_infra if status(rule.results) == "fail" with input as {"id": "/w", "workspace": ws2({}, {"hbiWorkspace": true}), "storage_account": sa({})}

test_pass_not_regulated if status(rule.results) == "pass" with input as {"id": "/w", "workspace": ws2({"data-classification": "public"}, {}), "storage_account": sa({})}

test_unknown_workspace_unreadable_and_untagged if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden"}, "storage_account": sa({})}

test_unknown_storage_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": ws2({}, {}), "storage_account": {"status": "forbidden"}}

sa_tagged(tags) := {"status": "ok", "resource": {"id": "/sa", "type": "Microsoft.Storage/storageAccounts", "tags": tags, "properties": {}}}

test_fail_account_tagged_any_case if status(rule.results) == "fail" with input as {"id": "/w", "workspace": ws2({}, {}), "storage_account": sa_tagged({"Data-Classification": " PHI "})}

test_fail_account_tagged_workspace_unreadable if status(rule.results) == "fail" with input as {"id": "/w", "workspace": {"status": "forbidden"}, "storage_account": sa_tagged({"data-classification": "pii"})}

test_pass_account_tag_value_not_regulated if status(rule.results) == "pass" with input as {"id": "/w", "workspace": ws2({}, {}), "storage_account": sa_tagged({"data-classification": "public"})}

test_unknown_regulated_but_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": ws2({}, {"hbiWorkspace": true}), "storage_account": object.union(sa({}), {"unresolved": ["properties.encryption.requireInfrastructureEncryption"]})}

test_no_result_when_nothing_linked if count(rule.results) == 0 with input as {"id": "/w", "workspace": ws2({}, {}), "storage_account": {"status": "ok", "resource": null}}
