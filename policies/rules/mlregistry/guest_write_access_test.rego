package amlscan.rules.mlregistry.guest_write_access_test

import data.amlscan.rules.mlregistry.guest_write_access as rule

reader_rd := {"id": "/rd/acdd72a7-3385-48ef-bd42-f606fba81ae7", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Reader", "permissions": [{"actions": ["*/read"]}]}}

registry_user_rd := {"id": "/rd/1823dd4f-9b8c-4ab6-ab4e-7397a3684615", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "AzureML Registry User", "permissions": [{"actions": ["Microsoft.MachineLearningServices/registries/assets/write", "Microsoft.MachineLearningServices/registries/assets/delete"]}]}}

ra(principal, ptype, rd, facts) := {
	"assignment": {"id": concat("", ["/ra/", principal]), "type": "Microsoft.Authorization/roleAssignments", "properties": {"principalId": principal, "principalType": ptype, "roleDefinitionId": rd.id}},
	"role_definition": rd,
	"principal": facts,
}

guest := {"exists": true, "user_type": "Guest", "display_name": "Agency Analyst"}

inp(assignments) := {"id": "/w", "context": {"subscription": {
	"subscription_id": "s",
	"ml_registries": {"status": "ok", "items": [{"id": "/R", "type": "Microsoft.MachineLearningServices/registries"}]},
	"ml_registry_role_assignments": {"/r": assignments},
}}}

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_guest_reader_member_writer if {
	status(rule.results) == "pass" with input as inp({"status": "ok", "items": [
		ra("g", "User", reader_rd, guest),
		ra("m", "User", registry_user_rd, {"exists": true, "user_type": "Member"}),
	]})
}

test_fail_guest_publisher if {
	rs := rule.results with input as inp({"status": "ok", "items": [ra("g", "User", registry_user_rd, guest)]})
	status(rs) == "fail"
	some r in rs
	r.message == "Guest or external principals with write access to the registry: Agency Analyst (AzureML Registry User)."
}

test_fail_foreign_group if status(rule.results) == "fail" with input as inp({"status": "ok", "items": [ra("f", "ForeignGroup", registry_user_rd, null)]})

test_unknown_when_assignments_error if status(rule.results) == "unknown" with input as inp({"status": "error", "message": "declared assignments only", "items": []})

test_unknown_when_registries_not_listed if {
	rs := rule.results with input as {"id": "/w", "context": {"subscription": {"subscription_id": "s", "ml_registries": {"status": "forbidden", "items": []}}}}
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/w"
}
