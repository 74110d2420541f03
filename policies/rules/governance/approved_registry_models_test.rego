package amlscan.rules.governance.approved_registry_models_test

import data.amlscan.rules.governance.approved_registry_models as rule

ws_id := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w"

ws := {"id": ws_id, "type": "Microsoft.MachineLearningServices/workspaces", "properties": {}}

approved_models := "/providers/Microsoft.Authorization/policyDefinitions/12e5dd16-d201-47ff-849b-8454061c293d"

allowed_registry := "/providers/Microsoft.Authorization/policyDefinitions/19539b54-c61e-4196-9a38-67598701be90"

other := "/providers/Microsoft.Authorization/policyDefinitions/438c38d2-3772-465a-a9cc-7a6666a275ce"

initiative := "/subscriptions/s/providers/Microsoft.Authorization/policySetDefinitions/guardrails"

assignment(name, definition, props) := {
	"id": concat("", ["/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/", name]),
	"name": name,
	"properties": object.union({"policyDefinitionId": definition, "enforcementMode": "Default", "notScopes": []}, props),
}

entry(definition, effect, reference) := {"policy_definition_id": definition, "reference_id": reference, "effect": effect, "parameters": {}, "unresolved": []}

inp(items, resolved) := {"id": ws_id, "workspace": {"status": "ok", "resource": ws}, "policy_assignments": {"status": "ok", "items": items, "resolved_policies": resolved}}

key(name) := lower(concat("", ["/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/", name]))

status(rs) := s if {
	count(rs) == 1
	some r in rs
	s := r.status
}

test_pass_deny_member_of_an_initiative if {
	rs := rule.results with input as inp(
		[assignment("eu-guardrails", initiative, {})],
		{key("eu-guardrails"): [entry(other, "Deny", "pna"), entry(approved_models, "deny", "approvedModels")]},
	)
	status(rs) == "pass"
	some r in rs
	r.message == "Deny guardrails allow only approved registry models: eu-guardrails (approvedModels)."
}

test_pass_allowed_registry_definition if {
	status(rule.results) == "pass" with input as inp(
		[assignment("registry-only", allowed_registry, {})],
		{key("registry-only"): [entry(allowed_registry, "Deny", null)]},
	)
}

test_fail_audit_only if {
	status(rule.results) == "fail" with input as inp(
		[assignment("models", approved_models, {})],
		{key("models"): [entry(approved_models, "Audit", null)]},
	)
}

test_fail_not_enforced_or_excluded if {
	status(rule.results) == "fail" with input as inp(
		[
			assignment("off", approved_models, {"enforcementMode": "DoNotEnforce"}),
			assignment("elsewhere", approved_models, {"notScopes": ["/subscriptions/s/resourceGroups/RG/"]}),
		],
		{key("off"): [entry(approved_models, "Deny", null)], key("elsewhere"): [entry(approved_models, "Deny", null)]},
	)
}

# A notScope that is only a name prefix of the workspace's resource group does not exclude it.
test_pass_when_a_not_scope_only_shares_a_prefix if {
	status(rule.results) == "pass" with input as inp(
		[assignment("models", approved_models, {"notScopes": ["/subscriptions/s/resourceGroups/r"]})],
		{key("models"): [entry(approved_models, "Deny", null)]},
	)
}

test_fail_no_assignments if status(rule.results) == "fail" with input as inp([], {})

test_unknown_when_the_guardrail_effect_is_unresolved if {
	rs := rule.results with input as inp(
		[assignment("models", approved_models, {})],
		{key("models"): [object.union(entry(approved_models, null, null), {"unresolved": ["effect: '[concat(...)]'"]})]},
	)
	status(rs) == "unknown"
	some r in rs
	contains(r.message, "could not be resolved: models.")
}

test_unknown_when_an_initiative_could_not_be_read if {
	status(rule.results) == "unknown" with input as inp(
		[assignment("set", initiative, {})],
		{key("set"): [object.union(entry(initiative, null, null), {"unresolved": ["the policy set definition could not be read"]})]},
	)
}

test_unknown_when_an_initiative_has_no_resolution if status(rule.results) == "unknown" with input as inp([assignment("set", initiative, {})], {})

test_fail_when_another_definition_has_no_resolution if status(rule.results) == "fail" with input as inp([assignment("pna", other, {})], {})

test_unknown_when_forbidden if {
	rs := rule.results with input as {"id": ws_id, "workspace": {"status": "ok", "resource": ws}, "policy_assignments": {"status": "forbidden", "message": "denied", "items": []}}
	status(rs) == "unknown"
	some r in rs
	r.message == "policy_assignments could not be collected (forbidden): denied"
}

test_unknown_when_the_workspace_is_not_collected if status(rule.results) == "unknown" with input as {"id": ws_id, "workspace": {"status": "forbidden"}, "policy_assignments": {"status": "ok", "items": []}}
