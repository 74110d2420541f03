package amlscan.rules.workspace.v1_legacy_mode_test

import data.amlscan.rules.workspace.v1_legacy_mode as rule

inp(props) := {"id": "/w", "workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "properties": props}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_when_absent if status(rule.results) == "pass" with input as inp({})

test_pass_when_false if status(rule.results) == "pass" with input as inp({"v1LegacyMode": false})

test_fail_when_true if status(rule.results) == "fail" with input as inp({"v1LegacyMode": true})

test_unknown_when_not_found if status(rule.results) == "unknown" with input as {"id": "/w", "workspace": {"status": "not_found", "message": "gone"}}

# The messages say what the setting does (METADATA): legacy mode keeps the deprecated v1 API and
# keeps metadata private; off, v2 metadata goes through public Resource Manager.
test_fail_message_says_legacy_mode_keeps_the_deprecated_api if {
	some r in rule.results with input as inp({"v1LegacyMode": true})
	contains(r.message, "keeps the deprecated v1 API")
	contains(r.message, "keep v2 metadata on the private network")
	not contains(r.message, "network isolation is turned off")
}

test_pass_message_says_where_v2_metadata_goes if {
	some r in rule.results with input as inp({})
	contains(r.message, "public Azure Resource Manager")
}
