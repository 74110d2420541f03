# METADATA
# title: An enforced Azure Policy denies deployments outside the allowed regions
# description: >-
#   Checking where resources are (AML-RES-001) finds a misplaced resource after the fact; the
#   built-in Azure Policy "Allowed locations" (e56962a6, effect Deny) stops a resource from being
#   deployed outside the listed regions at all. Passes when an enforced assignment at the workspace's
#   scope applies it, directly or as a member of an initiative, with the effect Deny and a
#   listOfAllowedLocations within the allowed_regions parameter (default: the EU/EEA regions;
#   locations compare case- and space-insensitively). Its resource-group sibling "Allowed locations
#   for resource groups" (e765b5de) restricts only where resource groups, and so their metadata, are
#   created, not the workspace or the resources that hold its data: it does not pass this rule alone.
#   Without such an assignment (the default: Azure restricts no region) the rule fails. DoNotEnforce
#   assignments, and those whose notScopes hold the workspace, do not count. Unknown when the
#   assignments could not be read, when the effect or the allowed list of such a policy could not be
#   resolved, when an initiative's members could not be read, or when allowed_regions is empty.
# custom:
#   id: AML-GOV-007
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["24(1)", "44"]
#   remediation:
#     text: >-
#       Assign the built-in Allowed locations policy at the subscription (or management group) that
#       holds the workspace, listing only the regions the data may be in, with enforcement mode
#       Default; assign Allowed locations for resource groups beside it so resource group metadata
#       stays there too.
#     cli: az policy assignment create --name allowed-locations --policy e56962a6-4747-49cd-b67b-bf8b01975c4c --scope /subscriptions/<sub> --params '{"listOfAllowedLocations":{"value":["westeurope","northeurope"]}}'
#     bicep: |-
#       targetScope = 'subscription'
#       resource allowedLocations 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
#         name: 'allowed-locations'
#         properties: {
#           policyDefinitionId: tenantResourceId('Microsoft.Authorization/policyDefinitions', 'e56962a6-4747-49cd-b67b-bf8b01975c4c')
#           parameters: { listOfAllowedLocations: { value: [ 'westeurope', 'northeurope' ] } }
#         }
#       }
#   references:
#     azure_policy: ["e56962a6-4747-49cd-b67b-bf8b01975c4c"]
#     docs: ["https://learn.microsoft.com/azure/governance/policy/samples/built-in-policies", "https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure"]
package amlscan.rules.governance.allowed_locations_policy

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(assignments, "policy_assignments", lib.workspace.id, lib.workspace.type) if {
	not assignments.status == "ok"
}

results contains lib.unknown(
	lib.workspace,
	"No allowed regions are configured (parameter allowed_regions is empty): the allowed-locations policy cannot be compared with them.",
	evidence,
) if {
	assignments.status == "ok"
	count(allowed) == 0
}

results contains lib.pass(
	lib.workspace,
	concat("", [
		"Azure Policy denies deployments outside the allowed regions: ",
		concat(", ", sort({policy.assignment | some policy in within})), ".",
	]),
	evidence,
) if {
	count(allowed) > 0
	count(within) > 0
}

results contains lib.fail(
	lib.workspace,
	concat("", [
		"The allowed-locations policies enforced at the workspace's scope allow regions outside allowed_regions: ",
		concat(", ", sort({region | some policy in denying; some region in policy_regions(policy)} - allowed)), ".",
	]),
	evidence,
) if {
	count(allowed) > 0
	count(within) == 0
	count(denying) > 0
	count(open) == 0
}

results contains lib.fail(
	lib.workspace,
	concat("", [
		"No enforced Azure Policy assignment at the workspace's scope denies deployments outside the allowed regions (built-in Allowed locations, e56962a6, with effect Deny)",
		resource_group_note, ".",
	]),
	evidence,
) if {
	assignments.status == "ok"
	count(allowed) > 0
	count(denying) == 0
	count(open) == 0
}

results contains lib.unknown(
	lib.workspace,
	concat("", [
		"No enforced allowed-locations policy is known to keep deployments in the allowed regions, and assignment(s) ",
		concat(", ", sort({policy.assignment | some policy in open})),
		" could not be resolved (effect, allowed locations or initiative members).",
	]),
	evidence,
) if {
	count(allowed) > 0
	count(within) == 0
	count(open) > 0
}

assignments := lib.policy_assignments

allowed_locations := "e56962a6-4747-49cd-b67b-bf8b01975c4c"

resource_group_locations := "e765b5de-1225-4ba3-bd56-1ac6695af988"

allowed contains lower(replace(region, " ", "")) if {
	some region in lib.params.allowed_regions
	is_string(region)
}

# Enforced Allowed locations policies with the effect Deny and a known list of locations.
denying contains policy if {
	some policy in lib.enforced_policies
	policy.definition == allowed_locations
	policy.effect == "deny"
	is_array(policy.parameters.listOfAllowedLocations)
}

# Those whose every location is an allowed region.
within contains policy if {
	some policy in denying
	count(policy_regions(policy) - allowed) == 0
}

# Policies that might deny outside the allowed regions but could not be resolved: an Allowed
# locations policy whose effect or list is unknown, or an initiative whose members are unknown.
open contains policy if {
	some policy in lib.enforced_policies
	policy.definition == allowed_locations
	not policy in denying
	not _known_not_to_deny(policy)
}

open contains policy if {
	some policy in lib.enforced_policies
	policy.initiative
}

# An effect that was resolved and is not Deny (Disabled through an override, Audit).
_known_not_to_deny(policy) if {
	is_string(policy.effect)
	policy.effect != "deny"
}

policy_regions(policy) := {lower(replace(region, " ", "")) |
	some region in policy.parameters.listOfAllowedLocations
	is_string(region)
} | {"(not a region name)" |
	some region in policy.parameters.listOfAllowedLocations
	not is_string(region)
}

default resource_group_note := ""

resource_group_note := "; Allowed locations for resource groups (e765b5de) is assigned, but it restricts only where resource groups are created" if {
	some policy in lib.enforced_policies
	policy.definition == resource_group_locations
	policy.effect == "deny"
}

evidence := [{
	"path": "policy_assignments[definition=e56962a6 (Allowed locations), effect=Deny].parameters.listOfAllowedLocations",
	"found": sort({concat("", [policy.assignment, ": ", concat(", ", sort(policy_regions(policy)))]) | some policy in denying}),
	"expected": concat("", ["within ", concat(", ", sort(allowed))]),
}]
