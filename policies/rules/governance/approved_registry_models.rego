# METADATA
# title: Azure Policy allows only approved registry models to be deployed
# description: >-
#   A model pulled from a registry runs in the workspace's endpoints next to patient or personal
#   data; an unvetted one can leak its inputs or carry malicious code. Azure Policy's built-in
#   guardrails deny deploying registry models that are not approved: "Azure Machine Learning
#   Deployments should only use approved Registry Models" (12e5dd16, allowed publishers and asset
#   ids) and "Azure Machine Learning Model Registry Deployments are restricted except for the allowed
#   Registry" (19539b54). Passes when an assignment that applies at the workspace's scope, with
#   enforcement mode Default and no notScopes covering the workspace, applies one of them (directly
#   or as a member of an initiative) with the effect Deny, the effect each member actually has
#   (policy_assignments resolved_policies). Audit only reports. Unknown when no guardrail is found
#   but one could hide where the effect or an initiative could not be resolved. Copies of the
#   built-ins as custom definitions are not recognised. No assignment is made by default.
# custom:
#   id: AML-GOV-008
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)", "164.308(a)(5)(ii)(B)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: >-
#       Assign the built-in "Azure Machine Learning Deployments should only use approved Registry Models" with
#       effect Deny and the approved publishers or asset ids at the subscription or resource group.
#     cli: >-
#       az policy assignment create --name aml-approved-registry-models --policy 12e5dd16-d201-47ff-849b-8454061c293d
#       --scope /subscriptions/<sub> --params '{"effect":{"value":"Deny"},"allowedPublishers":{"value":["<publisher>"]}}'
#   references:
#     azure_policy: ["12e5dd16-d201-47ff-849b-8454061c293d", "19539b54-c61e-4196-9a38-67598701be90"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy", "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-models-from-registry"]
package amlscan.rules.governance.approved_registry_models

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(assignments, "policy_assignments", lib.workspace.id, lib.workspace.type) if {
	not assignments.status == "ok"
}

results contains lib.pass(
	lib.workspace,
	concat("", ["Deny guardrails allow only approved registry models: ", concat(", ", guardrails), "."]),
	evidence,
) if {
	count(guardrails) > 0
}

results contains lib.unknown(
	lib.workspace,
	concat("", [
		"No approved-registry-models guardrail with effect Deny was found, but what these assignments apply ",
		"could not be resolved: ", concat(", ", undetermined), ".",
	]),
	evidence,
) if {
	assignments.status == "ok"
	count(guardrails) == 0
	count(undetermined) > 0
}

results contains lib.fail(
	lib.workspace,
	"No enforced assignment at the workspace's scope denies deploying registry models that are not approved.",
	evidence,
) if {
	assignments.status == "ok"
	count(guardrails) == 0
	count(undetermined) == 0
}

assignments := object.get(input, "policy_assignments", null)

resolved := lib.field(assignments, "resolved_policies", {})

# The built-in definitions, by GUID.
guardrail_definitions := {"12e5dd16-d201-47ff-849b-8454061c293d", "19539b54-c61e-4196-9a38-67598701be90"}

# [label, what it applies] of every enforced assignment that applies at the workspace: enforcement
# mode not DoNotEnforce and no notScope covering the workspace. What it applies is its
# resolved_policies entry, null when the snapshot holds none for it.
enforced contains [label(assignment), lib.field(resolved, lower(assignment.id), null), assignment] if {
	some assignment in lib.items(assignments)
	is_string(assignment.id)
	not lib.eq_ci(object.get(assignment, ["properties", "enforcementMode"], null), "DoNotEnforce")
	not excluded(assignment)
}

label(assignment) := lib.text(object.get(assignment, "name", assignment.id))

excluded(assignment) if {
	workspace := lower(lib.workspace_id)
	some scope in lib.arr(object.get(assignment, ["properties", "notScopes"], []))
	is_string(scope)
	covers(lower(trim_right(scope, "/")), workspace)
}

covers(scope, id) if scope == id

covers(scope, id) if startswith(id, concat("", [scope, "/"]))

# The GUID of a policy (set) definition id: the text after its last "/", lower-cased.
guid(definition_id) := lower(parts[count(parts) - 1]) if {
	is_string(definition_id)
	parts := split(definition_id, "/")
}

# "<assignment> (<member reference>)" of each Deny guardrail, sorted.
guardrails := sort({concat("", [name, member(entry)]) |
	some [name, entries, _] in enforced
	some entry in lib.arr(entries)
	guid(entry.policy_definition_id) in guardrail_definitions
	lib.eq_ci(entry.effect, "Deny")
})

member(entry) := concat("", [" (", entry.reference_id, ")"]) if {
	lib.nonempty(entry.reference_id)
} else := ""

# Enforced assignments that could apply a guardrail whose effect is not known: a guardrail member
# with an unresolved effect, an initiative that could not be read, or no resolution at all for an
# assignment of a guardrail or of an initiative.
undetermined := sort({name |
	some [name, entries, assignment] in enforced
	could_hide(entries, assignment)
})

could_hide(entries, _) if {
	some entry in lib.arr(entries)
	guid(entry.policy_definition_id) in guardrail_definitions
	not lib.nonempty(entry.effect)
}

could_hide(entries, _) if {
	some entry in lib.arr(entries)
	is_string(entry.policy_definition_id)
	contains(lower(entry.policy_definition_id), "/policysetdefinitions/")
}

could_hide(entries, assignment) if {
	not is_array(entries)
	definition := object.get(assignment, ["properties", "policyDefinitionId"], null)
	is_string(definition)
	set_or_guardrail(definition)
}

set_or_guardrail(definition) if contains(lower(definition), "/policysetdefinitions/")

set_or_guardrail(definition) if guid(definition) in guardrail_definitions

evidence := [
	{"path": "policy_assignments.resolved_policies[12e5dd16 or 19539b54, effect Deny]", "found": guardrails, "expected": "at least one enforced assignment"},
	{"path": "policy_assignments.resolved_policies[unresolved]", "found": undetermined, "expected": []},
]
