package amlscan.rules.workspace.system_datastores_auth_test

import data.amlscan.rules.workspace.system_datastores_auth as rule

inp(props) := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_identity_any_case if status(rule.results) == "pass" with input as inp({"systemDatastoresAuthMode": "Identity"})

test_fail_access_key if status(rule.results) == "fail" with input as inp({"systemDatastoresAuthMode": "accessKey"})

test_fail_absent_default_access_key if {
	rs := rule.results with input as inp({})
	status(rs) == "fail"
	some r in rs
	contains(r.message, "service default")
}

test_unknown_when_unresolved if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "ok", "unresolved": ["properties.systemDatastoresAuthMode"], "resource": {"id": "/w", "type": "T", "properties": {}}}}

test_fail_message_names_the_mode if {
	rs := rule.results with input as inp({"systemDatastoresAuthMode": "AccessKey"})
	some r in rs
	r.message == "systemDatastoresAuthMode is AccessKey (absent means accessKey, the service default): system datastores use the storage account key."
}

test_unknown_when_workspace_forbidden if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden", "message": "denied"}}
