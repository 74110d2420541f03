package amlscan.rules.governance.policy_deny_guardrails_test

import data.amlscan.rules.governance.policy_deny_guardrails as rule
import data.amlscan.test.inputs

builtin(guid) := concat("", ["/providers/Microsoft.Authorization/policyDefinitions/", guid])

net_guid := "438c38d2-3772-465a-a9cc-7a6666a275ce"

enc_guid := "ba769a63-b8cc-4b2d-abf6-ac33c7204be8"

assignment_id(name) := concat("", ["/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/", name])

# An assignment of `definition` and, for resolved_policies, what it applies: [{definition id, effect}].
assignment(name, definition, mode) := {
	"id": assignment_id(name), "name": name,
	"properties": {"policyDefinitionId": definition, "enforcementMode": mode},
}

applies(entries) := [{"policy_definition_id": id, "effect": effect, "parameters": {}, "unresolved": []} | some [id, effect] in entries]

# A workspace entry with the assignments [[assignment, entries]].
inp(assignments) := inputs.entry({
	"workspace": inputs.ok(inputs.workspace({})),
	"policy_assignments": {
		"status": "ok",
		"items": [a | some [a, _] in assignments],
		"resolved_policies": {lower(a.id): applies(entries) | some [a, entries] in assignments},
	},
})

# An enforced assignment of one built-in definition, with the effect Azure Policy resolved for it
# (given as the assignment's effect parameter when it is a string, as real assignments do).
direct(name, guid, effect) := [with_effect(assignment(name, builtin(guid), "Default"), effect), [[builtin(guid), effect]]]

with_effect(a, effect) := json.patch(a, [{"op": "add", "path": "/properties/parameters", "value": {"effect": {"value": effect}}}]) if {
	is_string(effect)
} else := a

status(rs) := inputs.only(rs).status

test_pass_with_both_deny if status(rule.results) == "pass" with input as inp([direct("n", net_guid, "Deny"), direct("e", enc_guid, "deny")])

test_fail_audit_only if status(rule.results) == "fail" with input as inp([direct("n", net_guid, "Audit"), direct("e", enc_guid, "Audit")])

test_fail_missing_encryption if {
	v := inputs.only(rule.results) with input as inp([direct("n", net_guid, "Deny")])
	v.status == "fail"
	contains(v.message, "encryption")
	not contains(v.message, "network")
}

test_fail_do_not_enforce if {
	not_enforced := [assignment("n", builtin(net_guid), "DoNotEnforce"), [[builtin(net_guid), "Deny"]]]
	status(rule.results) == "fail" with input as inp([not_enforced, direct("e", enc_guid, "Deny")])
}

# 7f40cee6 allows only AuditIfNotExists: it never denies, whatever an assignment claims.
test_fail_when_encryption_is_only_the_audit_if_not_exists_definition if {
	v := inputs.only(rule.results) with input as inp([
		direct("n", net_guid, "Deny"),
		direct("e", "7f40cee6-e933-4d0f-a782-b96615e0f4a6", "Deny"),
	])
	v.status == "fail"
	endswith(v.message, "guards encryption settings.")
}

# Secure transfer and minimum TLS guard data in transit, not unencrypted data at rest.
test_fail_when_encryption_is_only_tls if {
	v := inputs.only(rule.results) with input as inp([
		direct("n", net_guid, "Deny"),
		direct("https", "404c3081-a854-4457-ae30-26a93ef643f9", "Deny"),
		direct("tls", "fe83a0eb-a853-422d-aac2-1bffd182c5d0", "Deny"),
	])
	v.status == "fail"
	v.evidence[1].found == []
}

# An initiative counts through its members, each with the effect it resolved to.
test_pass_through_initiative_members if {
	set := assignment("baseline", "/providers/Microsoft.Authorization/policySetDefinitions/baseline", "Default")
	v := inputs.only(rule.results) with input as inp([[set, [[builtin(net_guid), "Deny"], [builtin(enc_guid), "Deny"]]]])
	v.status == "pass"
	v.message == "Deny policies guard network (baseline) and encryption (baseline)."
}

test_fail_when_an_initiative_member_keeps_the_default_audit if {
	set := assignment("baseline", "/providers/Microsoft.Authorization/policySetDefinitions/baseline", "Default")
	status(rule.results) == "fail" with input as inp([[set, [[builtin(net_guid), "Deny"], [builtin(enc_guid), "Audit"]]]])
}

test_fail_when_not_scopes_hold_the_workspace if {
	excluded := json.patch(with_effect(assignment("e", builtin(enc_guid), "Default"), "Deny"), [{"op": "add", "path": "/properties/notScopes", "value": ["/subscriptions/S/resourceGroups/RG/"]}])
	status(rule.results) == "fail" with input as inp([direct("n", net_guid, "Deny"), [excluded, [[builtin(enc_guid), "Deny"]]]])
}

test_not_scopes_elsewhere_do_not_matter if {
	elsewhere := json.patch(assignment("e", builtin(enc_guid), "Default"), [{"op": "add", "path": "/properties/notScopes", "value": ["/subscriptions/s/resourceGroups/rg-other"]}])
	status(rule.results) == "pass" with input as inp([direct("n", net_guid, "Deny"), [elsewhere, [[builtin(enc_guid), "Deny"]]]])
}

# A custom definition that happens to carry a built-in's name is not that built-in.
test_custom_definitions_do_not_count if {
	custom := concat("", ["/subscriptions/s/providers/Microsoft.Authorization/policyDefinitions/", enc_guid])
	status(rule.results) == "fail" with input as inp([direct("n", net_guid, "Deny"), [assignment("e", custom, "Default"), [[custom, "Deny"]]]])
}

test_unknown_when_the_effect_could_not_be_resolved if {
	v := inputs.only(rule.results) with input as inp([direct("n", net_guid, "Deny"), direct("e", enc_guid, null)])
	v.status == "unknown"
	v.message == "No enforced Deny policy is known to guard encryption settings, and the effect of assignment(s) e could not be resolved."
}

test_unknown_when_an_initiative_could_not_be_read if {
	set_id := "/providers/Microsoft.Authorization/policySetDefinitions/unreadable"
	status(rule.results) == "unknown" with input as inp([direct("n", net_guid, "Deny"), [assignment("s", set_id, "Default"), [[set_id, null]]]])
}

# Missing network is certain, so the unknown encryption does not matter.
test_fail_when_one_kind_is_surely_missing if status(rule.results) == "fail" with input as inp([direct("e", enc_guid, null)])

# An assignment the snapshot does not resolve: its effect is unknown, which matters only for the
# definitions this rule counts.
test_unresolved_assignment if {
	unresolved := inputs.entry({
		"workspace": inputs.ok(inputs.workspace({})),
		"policy_assignments": inputs.collected([assignment("n", builtin(net_guid), "Default"), assignment("e", builtin(enc_guid), "Default")]),
	})
	status(rule.results) == "unknown" with input as unresolved
	other := json.patch(unresolved, [{"op": "replace", "path": "/policy_assignments/items/1/properties/policyDefinitionId", "value": builtin("0b60c0b2-2dc2-4e1c-b5c9-abbed971de53")}])
	status(rule.results) == "fail" with input as other
}

test_unknown_when_forbidden if status(rule.results) == "unknown" with input as inputs.entry({"workspace": inputs.ok(inputs.workspace({})), "policy_assignments": inputs.forbidden})

# A snapshot without the section: unknown, naming the absent section (on OPA too, see
# container_registry_present_test).
test_unknown_when_section_absent if {
	some r in rule.results with input as inputs.workspace_entry({})
	r.status == "unknown"
	contains(r.message, "policy_assignments could not be collected")
}
