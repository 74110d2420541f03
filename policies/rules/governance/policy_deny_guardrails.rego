# METADATA
# title: Azure Policy deny assignments guard the workspace's encryption and network settings
# description: >-
#   Scanning finds drift after the fact; an Azure Policy assignment with the Deny effect stops an
#   unencrypted or publicly reachable workspace or storage account from being created at all
#   ("use Azure Policy to block storage of unencrypted data"). Passes when the assignments that apply
#   at the workspace's scope include, with effect Deny and enforcement mode Default, at least one
#   network definition (workspace public network access 438c38d2, storage network restriction
#   34c877ad, storage public blob access 4fa4b6c0, registry public network 0fdf0491 or network rules
#   d0793b48) and at least one encryption definition (workspace customer-managed key ba769a63 or
#   7f40cee6, storage secure transfer 404c3081, storage minimum TLS fe83a0eb). The effect is read from
#   the assignment's effect parameter; an assignment that leaves it out gets the definition's default
#   (Audit for these built-ins) and does not count. Assignments of initiatives are not expanded and
#   do not count. DoNotEnforce assignments do not count.
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

# Enforced Deny assignments, at the workspace's scope, of the built-in policy definitions that guard
# network and encryption settings.

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(assignments, "policy_assignments", lib.workspace.id, lib.workspace.type) if {
	not assignments.status == "ok"
}

results contains lib.pass(
	lib.workspace,
	concat("", [
		"Deny policies guard network (", concat(", ", [lib.text(name) | some name in network]),
		") and encryption (", concat(", ", [lib.text(name) | some name in encryption]), ").",
	]),
	evidence,
) if {
	count(network) > 0
	count(encryption) > 0
}

results contains lib.fail(
	lib.workspace,
	concat("", ["No enforced Deny policy assignment at the workspace's scope guards ", concat(" or ", missing), " settings."]),
	evidence,
) if {
	assignments.status == "ok"
	missing := [kind |
		some [kind, names] in [["network", network], ["encryption", encryption]]
		count(names) == 0
	]
	count(missing) > 0
}

assignments := object.get(input, "policy_assignments", null)

# The names of the enforced Deny assignments of each kind of definition, sorted.
network := sort({name | some [name, "network"] in deny})

encryption := sort({name | some [name, "encryption"] in deny})

# [name, kind] of each enforced Deny assignment of a network or encryption definition.
deny := [[object.get(assignment, "name", "?"), kind] |
	some assignment in lib.items(assignments)
	definition := object.get(assignment, ["properties", "policyDefinitionId"], null)
	is_string(definition)

	# The definition GUID: the text after the last "/policydefinitions/" (case-insensitive).
	parts := split(lower(definition), "/policydefinitions/")
	count(parts) > 1
	kind := definitions[parts[count(parts) - 1]]
	lib.eq_ci(object.get(assignment, ["properties", "parameters", "effect", "value"], null), "Deny")
	not lib.eq_ci(object.get(assignment, ["properties", "enforcementMode"], null), "DoNotEnforce")
]

definitions := {
	"438c38d2-3772-465a-a9cc-7a6666a275ce": "network", "34c877ad-507e-4c82-993e-3452a6e0ad3c": "network",
	"4fa4b6c0-31ca-4c0d-b10d-24b96f62a751": "network", "0fdf0491-d080-4575-b627-ad0e843cba0f": "network",
	"d0793b48-0edc-4296-a390-4c75d1bdfd71": "network",
	"ba769a63-b8cc-4b2d-abf6-ac33c7204be8": "encryption", "7f40cee6-e933-4d0f-a782-b96615e0f4a6": "encryption",
	"404c3081-a854-4457-ae30-26a93ef643f9": "encryption", "fe83a0eb-a853-422d-aac2-1bffd182c5d0": "encryption",
}

evidence := [
	{"path": "policy_assignments[effect=Deny, network definition]", "found": network, "expected": "at least one"},
	{"path": "policy_assignments[effect=Deny, encryption definition]", "found": encryption, "expected": "at least one"},
]
