package amlscan.rules.mlregistry.owners_contributors_test

import data.amlscan.lib
import data.amlscan.rules.mlregistry.owners_contributors as rule

owner_rd := {"id": "/rd/8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Owner", "permissions": [{"actions": ["*"], "notActions": []}]}}

contributor_rd := {"id": "/rd/b24988ac-6180-42a0-ab88-20f7382dd24c", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Contributor", "permissions": [{"actions": ["*"], "notActions": ["Microsoft.Authorization/*/Write"]}]}}

reader_rd := {"id": "/rd/acdd72a7-3385-48ef-bd42-f606fba81ae7", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Reader", "permissions": [{"actions": ["*/read"]}]}}

registry_user_rd := {"id": "/rd/1823dd4f-9b8c-4ab6-ab4e-7397a3684615", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "AzureML Registry User", "permissions": [{"actions": ["Microsoft.MachineLearningServices/registries/assets/write"]}]}}

custom_all_rd := {"id": "/rd/custom", "type": "Microsoft.Authorization/roleDefinitions", "properties": {"roleName": "Registry Admin", "permissions": [{"actions": ["*"], "notActions": []}]}}

ra(principal, rd) := {
	"assignment": {"id": concat("", ["/ra/", principal]), "type": "Microsoft.Authorization/roleAssignments", "properties": {"principalId": principal, "roleDefinitionId": rd.id}},
	"role_definition": rd,
}

inp(assignments) := {"id": "/w", "context": {"subscription": {
	"subscription_id": "s",
	"ml_registries": {"status": "ok", "items": [{"id": "/R", "type": "Microsoft.MachineLearningServices/registries"}]},
	"ml_registry_role_assignments": {"/r": assignments},
}}}

allowed := object.union(lib.param_defaults, {"ml_registry_admin_principal_ids": ["A0000000-0000-0000-0000-000000000001"]})

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_readers_and_registry_users_only if {
	rs := rule.results with input as inp({"status": "ok", "items": [ra("p1", reader_rd), ra("p2", registry_user_rd)]})
	status(rs) == "pass"
	some r in rs
	r.message == "No Owner, Contributor or all-actions role assignment reaches the registry."
}

test_pass_owner_on_the_allowed_list_any_case if {
	status(rule.results) == "pass" with input as inp({"status": "ok", "items": [ra("a0000000-0000-0000-0000-000000000001", owner_rd)]})
		with data.amlscan.params as allowed
}

test_fail_contributor_and_all_actions_roles if {
	rs := rule.results with input as inp({"status": "ok", "items": [ra("p1", contributor_rd), ra("p2", custom_all_rd), ra("p3", reader_rd)]})
	status(rs) == "fail"
	some r in rs
	r.message == "Principals outside ml_registry_admin_principal_ids own or contribute to the registry: p1 (Contributor), p2 (Registry Admin)."
}

# Without its role definition, an assignment is known by the built-in role's id.
test_fail_owner_by_role_definition_id if {
	odd := object.union(ra("p1", owner_rd), {"role_definition": null})
	status(rule.results) == "fail" with input as inp({"status": "ok", "items": [odd]})
}

test_unknown_when_assignments_forbidden if {
	rs := rule.results with input as inp({"status": "forbidden", "message": "AuthorizationFailed", "items": []})
	status(rs) == "unknown"
	some r in rs
	r.resource_id == "/R"
	r.message == "ml_registry_role_assignments could not be collected (forbidden): AuthorizationFailed"
}

test_unknown_when_assignments_missing if {
	entry := {"id": "/w", "context": {"subscription": {"subscription_id": "s", "ml_registries": {"status": "ok", "items": [{"id": "/R"}]}}}}
	status(rule.results) == "unknown" with input as entry
}
