# METADATA
# title: Azure Policy deny assignments guard the workspace's encryption and network settings
# description: >-
#   Scanning finds drift after the fact; an Azure Policy assignment with the Deny effect stops a
#   publicly reachable workspace, storage account or registry, or a workspace without a
#   customer-managed key, from being created at all ("use Azure Policy to block storage of
#   unencrypted data"). Passes when the policies enforced at the workspace's scope include, with the
#   effect Deny, at least one network definition (workspace public network access 438c38d2, storage
#   network restriction 34c877ad, storage public blob access 4fa4b6c0, registry public network
#   0fdf0491 or network rules d0793b48) and the workspace customer-managed key definition ba769a63.
#   Assignments of initiatives count through their members. The effect each policy actually has is
#   read as Azure Policy resolves it (the assignment's parameter value, else the initiative's, else
#   the definition's default, which is Audit for these built-ins; an effect override of the
#   assignment wins). 7f40cee6 (customer-managed key, AuditIfNotExists only) and the TLS and secure
#   transfer definitions (404c3081, fe83a0eb: data in transit) cannot deny unencrypted data at rest
#   and do not count. DoNotEnforce assignments, and those whose notScopes hold the workspace, do not
#   count. Unknown when a policy that could count has an effect that could not be resolved, or an
#   initiative's members could not be read. Custom definitions are not judged.
# custom:
#   id: AML-GOV-004
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["24(1)", "25(1)", "32(1)(d)"]
#   remediation:
#     text: Assign the built-in workspace public network access and customer-managed key policies with effect Deny at the subscription or resource group.
#     cli: az policy assignment create --name deny-aml-public-network --policy 438c38d2-3772-465a-a9cc-7a6666a275ce --scope /subscriptions/<sub> --params '{"effect":{"value":"Deny"}}'
#   references:
#     azure_policy: ["438c38d2-3772-465a-a9cc-7a6666a275ce", "ba769a63-b8cc-4b2d-abf6-ac33c7204be8"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy"]
package amlscan.rules.governance.policy_deny_guardrails

import data.amlscan.lib

# Enforced Deny policies, at the workspace's scope, of the built-in definitions that guard network
# and encryption settings.

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(assignments, "policy_assignments", lib.workspace.id, lib.workspace.type) if {
	not assignments.status == "ok"
}

results contains lib.pass(
	lib.workspace,
	concat("", [
		"Deny policies guard network (", concat(", ", [lib.text(name) | some name in deny.network]),
		") and encryption (", concat(", ", [lib.text(name) | some name in deny.encryption]), ").",
	]),
	evidence,
) if {
	count(missing) == 0
}

results contains lib.fail(
	lib.workspace,
	concat("", ["No enforced Deny policy assignment at the workspace's scope guards ", concat(" or ", missing), " settings."]),
	evidence,
) if {
	assignments.status == "ok"
	some kind in missing
	not undetermined[kind]
}

results contains lib.unknown(
	lib.workspace,
	concat("", [
		"No enforced Deny policy is known to guard ", concat(" or ", missing),
		" settings, and the effect of assignment(s) ", concat(", ", sort({name | some kind in missing; some name in undetermined[kind]})),
		" could not be resolved.",
	]),
	evidence,
) if {
	assignments.status == "ok"
	count(missing) > 0
	every kind in missing {
		undetermined[kind]
	}
}

assignments := object.get(input, "policy_assignments", null)

kinds := ["network", "encryption"]

# The names of the assignments that deny through a definition of each kind, sorted.
deny[kind] := sort({policy.assignment |
	some policy in lib.enforced_policies
	definitions[policy.definition] == kind
	policy.effect == "deny"
}) if {
	some kind in kinds
}

# The kinds no enforced Deny policy guards, in order.
missing := [kind | some kind in kinds; count(deny[kind]) == 0]

# The assignments that might deny through a definition of each kind but whose effect is unknown: a
# policy of that kind with an unresolved effect, or an initiative whose members are unknown.
undetermined[kind] contains policy.assignment if {
	some policy in lib.enforced_policies
	kind := definitions[policy.definition]
	is_null(policy.effect)
}

undetermined[kind] contains policy.assignment if {
	some policy in lib.enforced_policies
	policy.initiative
	some kind in kinds
}

definitions := {
	"438c38d2-3772-465a-a9cc-7a6666a275ce": "network", "34c877ad-507e-4c82-993e-3452a6e0ad3c": "network",
	"4fa4b6c0-31ca-4c0d-b10d-24b96f62a751": "network", "0fdf0491-d080-4575-b627-ad0e843cba0f": "network",
	"d0793b48-0edc-4296-a390-4c75d1bdfd71": "network",
	"ba769a63-b8cc-4b2d-abf6-ac33c7204be8": "encryption",
}

evidence := [
	{"path": "policy_assignments[effect=Deny, network definition]", "found": deny.network, "expected": "at least one"},
	{"path": "policy_assignments[effect=Deny, encryption definition]", "found": deny.encryption, "expected": "at least one"},
]
