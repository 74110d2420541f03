package amlscan.rules.storage.blob_recovery_test

import data.amlscan.rules.storage.blob_recovery as rule

sa := {"status": "ok", "resource": {"id": "/sa", "type": "Microsoft.Storage/storageAccounts"}}

blob(props) := {"status": "ok", "resource": {"id": "/sa/blobServices/default", "type": "Microsoft.Storage/storageAccounts/blobServices", "properties": props}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_soft_delete_and_versioning if status(rule.results) == "pass" with input as {"id": "/w", "storage_account": sa, "blob_service": blob({"deleteRetentionPolicy": {"enabled": true, "days": 14}, "isVersioningEnabled": true})}

test_fail_versioning_off if status(rule.results) == "fail" with input as {"id": "/w", "storage_account": sa, "blob_service": blob({"deleteRetentionPolicy": {"enabled": true, "days": 7}, "isVersioningEnabled": false})}

test_fail_absent_defaults if status(rule.results) == "fail" with input as {"id": "/w", "storage_account": sa, "blob_service": blob({})}

test_unknown_section_not_collected if {
	rs := rule.results with input as {"id": "/w", "storage_account": sa}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/sa/blobServices/default"
}

test_unknown_storage_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "storage_account": {"status": "forbidden", "resource_id": "/sa"}}

test_no_result_without_storage if count(rule.results) == 0 with input as {"id": "/w", "storage_account": {"status": "ok", "resource": null}}

test_unknown_blob_service_not_returned if {
	rs := rule.results with input as {"id": "/w", "storage_account": sa, "blob_service": {"status": "ok", "resource": null}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/sa/blobServices/default"
	r.message == "The blob service properties were not returned."
}

test_unknown_blob_service_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "storage_account": sa, "blob_service": {"status": "forbidden", "message": "denied"}}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "storage_account": sa, "blob_service": object.union(blob({"isVersioningEnabled": true}), {"unresolved": ["properties.deleteRetentionPolicy.enabled"]})}
