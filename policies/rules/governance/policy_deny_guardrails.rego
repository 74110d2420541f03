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
#     hipaa: ["164.308(a)(1)(ii)(B)", "164.312(a)(2)(iv)", "164.312(e)(1)"]
#     gdpr: ["24(1)", "25(1)", "32(1)(d)"]
#   remediation:
#     text: Assign the built-in workspace public network access and customer-managed key policies with effect Deny at the subscription or resource group.
#     cli: az policy assignment create --name deny-aml-public-network --policy 438c38d2-3772-465a-a9cc-7a6666a275ce --scope /subscriptions/<sub> --params '{"effect":{"value":"Deny"}}'
#   references:
#     azure_policy: ["438c38d2-3772-465a-a9cc-7a6666a275ce", "ba769a63-b8cc-4b2d-abf6-ac33c7204be8"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy"]
package amlscan.rules.governance_policy_deny_guardrails

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(lib.section(inp, "policy_assignments"), ws)} if ws := lib.resource(inp.workspace)

_network := {
	"438c38d2-3772-465a-a9cc-7a6666a275ce", "34c877ad-507e-4c82-993e-3452a6e0ad3c",
	"4fa4b6c0-31ca-4c0d-b10d-24b96f62a751", "0fdf0491-d080-4575-b627-ad0e843cba0f",
	"d0793b48-0edc-4296-a390-4c75d1bdfd71",
}

_encryption := {
	"ba769a63-b8cc-4b2d-abf6-ac33c7204be8", "7f40cee6-e933-4d0f-a782-b96615e0f4a6",
	"404c3081-a854-4457-ae30-26a93ef643f9", "fe83a0eb-a853-422d-aac2-1bffd182c5d0",
}

# The deny lists are computed once and passed down (rego-cpp does not memoise functions).
_verdict(sec, ws) := lib.section_unknown(sec, "policy_assignments", ws.id, ws.type) if not lib.ok(sec)

_verdict(sec, ws) := _pdg_judge(ws, network, encryption) if {
	lib.ok(sec)
	deny := [{"name": object.get(a, "name", "?"), "guid": guid} |
		some a in lib.items(sec)
		guid := _definition_guid(lib.prop(a, ["properties", "policyDefinitionId"]))
		lib.eq_ci(lib.prop(a, ["properties", "parameters", "effect", "value"]), "Deny")
		not lib.eq_ci(lib.prop(a, ["properties", "enforcementMode"]), "DoNotEnforce")
	]
	network := {d.name | some d in deny; d.guid in _network}
	encryption := {d.name | some d in deny; d.guid in _encryption}
}

# The definition GUID: the text after the last "/policydefinitions/" (case-insensitive); GUIDs
# contain no "/", so this matches exactly when the id ends with "/policydefinitions/<guid>".
_definition_guid(def) := parts[count(parts) - 1] if {
	is_string(def)
	parts := split(lower(def), "/policydefinitions/")
	count(parts) > 1
}

_pdg_judge(ws, network, encryption) := lib.pass(ws, concat("", ["Deny policies guard network (", concat(", ", sort(network)), ") and encryption (", concat(", ", sort(encryption)), ")."]), _pdg_ev(network, encryption)) if {
	count(network) > 0
	count(encryption) > 0
} else := lib.fail(ws, concat("", ["No enforced Deny policy assignment at the workspace's scope guards ", concat(" or ", missing), " settings."]), _pdg_ev(network, encryption)) if {
	missing := [pair[0] |
		some pair in [["network", network], ["encryption", encryption]]
		count(pair[1]) == 0
	]
}

_pdg_ev(network, encryption) := [
	lib.evidence("policy_assignments[effect=Deny, network definition]", sort(network), "at least one"),
	lib.evidence("policy_assignments[effect=Deny, encryption definition]", sort(encryption), "at least one"),
]
