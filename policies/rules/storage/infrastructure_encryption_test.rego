package amlscan.rules.storage_infrastructure_encryption_test

import rego.v1

import data.amlscan.rules.storage_infrastructure_encryption as rule

sa(enc) := {"status": "ok", "resource": {"id": "/sa", "type": "Microsoft.Storage/storageAccounts", "properties": {"encryption": enc}}}

ws2(tags, props) := {"status": "ok", "resource": {"id": "/w", "type": "T", "tags": tags, "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_regulated_with_infra if status(rule.verdicts({"id": "/w", "workspace": ws2({"data-classification": "phi"}, {}), "storage_account": sa({"requireInfrastructureEncryption": true})})) == "pass"

test_fail_regulated_without_infra if status(rule.verdicts({"id": "/w", "workspace": ws2({"data-classification": "phi"}, {}), "storage_account": sa({})})) == "fail"

test_fail_hbi_workspace_without_infra if status(rule.verdicts({"id": "/w", "workspace": ws2({}, {"hbiWorkspace": true}), "storage_account": sa({})})) == "fail"

test_pass_not_regulated if status(rule.verdicts({"id": "/w", "workspace": ws2({"data-classification": "public"}, {}), "storage_account": sa({})})) == "pass"

test_unknown_workspace_unreadable_and_untagged if status(rule.verdicts({"id": "/w", "workspace": {"status": "forbidden"}, "storage_account": sa({})})) == "unknown"

test_unknown_storage_forbidden if status(rule.verdicts({"id": "/w", "workspace": ws2({}, {}), "storage_account": {"status": "forbidden"}})) == "unknown"

sa_tagged(tags) := {"status": "ok", "resource": {"id": "/sa", "type": "Microsoft.Storage/storageAccounts", "tags": tags, "properties": {}}}

test_fail_account_tagged_any_case if status(rule.verdicts({"id": "/w", "workspace": ws2({}, {}), "storage_account": sa_tagged({"Data-Classification": " PHI "})})) == "fail"

test_fail_account_tagged_workspace_unreadable if status(rule.verdicts({"id": "/w", "workspace": {"status": "forbidden"}, "storage_account": sa_tagged({"data-classification": "pii"})})) == "fail"

test_pass_account_tag_value_not_regulated if status(rule.verdicts({"id": "/w", "workspace": ws2({}, {}), "storage_account": sa_tagged({"data-classification": "public"})})) == "pass"

test_unknown_regulated_but_unresolved if status(rule.verdicts({"id": "/w", "workspace": ws2({}, {"hbiWorkspace": true}), "storage_account": object.union(sa({}), {"unresolved": ["properties.encryption.requireInfrastructureEncryption"]})})) == "unknown"

test_no_result_when_nothing_linked if count(rule.verdicts({"id": "/w", "workspace": ws2({}, {}), "storage_account": {"status": "ok", "resource": null}})) == 0
