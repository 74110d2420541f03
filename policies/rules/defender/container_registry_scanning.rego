# METADATA
# title: Defender for Containers scans the images of the workspace's container registry
# description: >-
#   The workspace's container registry holds the images every job and endpoint runs, built from public
#   base images and packages that keep gaining known vulnerabilities. Microsoft Defender for Containers
#   scans registry images for them (its ContainerRegistriesVulnerabilityAssessments extension) and adds
#   threat detection for container workloads. The Containers plan of the subscription the registry is in
#   must be at the Standard tier with that extension on; Defender CSPM (plan CloudPosture) with the same
#   extension scans registry images too and passes as well. A plan at the Free tier (the service default)
#   or with the extension off fails. Unknown when the snapshot does not hold the plan (another
#   subscription's, or one infrastructure code does not declare: never taken as off) or does not list
#   the extension. Workspaces without a container registry give no result.
# custom:
#   id: AML-DEF-001
#   severity: medium
#   resource_type: Microsoft.Security/pricings
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(A)", "164.308(a)(5)(ii)(B)"]
#     gdpr: ["32(1)(b)", "32(1)(d)"]
#   remediation:
#     text: Turn on Microsoft Defender for Containers (with agentless container vulnerability assessment) in the subscription of the workspace's container registry.
#     cli: az security pricing create --name Containers --tier Standard --extensions name=ContainerRegistriesVulnerabilityAssessments isEnabled=True
#     bicep: |-
#       resource containers 'Microsoft.Security/pricings@2024-01-01' = {
#         name: 'Containers'
#         properties: { pricingTier: 'Standard', extensions: [ { name: 'ContainerRegistriesVulnerabilityAssessments', isEnabled: 'True' } ] }
#       }
#   references:
#     azure_policy: ["1c988dd6-ade4-430f-a608-2a3e5b0a6d38"]
#     psrule: ["Azure.Defender.Containers", "Azure.Defender.Cspm"]
#     checkov: ["CKV_AZURE_86"]
#     docs: ["https://learn.microsoft.com/azure/defender-for-cloud/agentless-vulnerability-assessment-azure", "https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-introduction"]
package amlscan.rules.defender.container_registry_scanning

import data.amlscan.lib

# The registry's subscription: its Containers plan, else its CloudPosture plan, scans registry images.

# METADATA
# entrypoint: true
results contains lib.not_collected.container_registry

results contains lib.pass(
	lib.defender_resource(subscription, "Containers"),
	concat("", ["Registry images are scanned for vulnerabilities by the ", scanners[0], " plan of subscription ", subscription, "."]),
	evidence,
) if {
	count(scanners) > 0
}

results contains lib.fail(
	lib.defender_resource(subscription, "Containers"),
	concat("", [
		"No Defender plan of subscription ", subscription, " scans registry images: the Containers and CloudPosture plans",
		" are off (Free, the service default) or have ContainerRegistriesVulnerabilityAssessments off.",
	]),
	evidence,
) if {
	every scanner in plans {
		state[scanner] == "off"
	}
}

# Plans of a subscription the snapshot does not hold (no entry, another subscription's, the list not
# collected): the reason is the same for both plans, and the verdict says it as the library does.
results contains lib.defender_unknown(subscription, "Containers") if {
	not listed
}

results contains lib.unknown(
	lib.defender_resource(subscription, "Containers"),
	concat(" ", array.concat(["Whether registry images are scanned is not known."], sort(reasons))),
	evidence,
) if {
	listed
	count(scanners) == 0
	count(reasons) > 0
}

registry := lib.resource(input.container_registry)

# The subscription's plan list could be read (each plan may still be missing from it).
listed if lib.defender_pricings_listed(subscription)

subscription := lib.subscription_of(registry.id)

extension := "ContainerRegistriesVulnerabilityAssessments"

plans := ["Containers", "CloudPosture"]

# The plans that scan registry images, Containers first.
scanners := [name | some name in plans; state[name] == "scans"]

# Per plan: "scans" (Standard, extension on), "off" (not Standard, or the extension off), else "unknown".
state[name] := "scans" if {
	some name in plans
	plan := lib.defender_plan(subscription, name)
	lib.defender_on(plan)
	lib.defender_extension(plan, extension) == "on"
}

state[name] := "off" if {
	some name in plans
	plan := lib.defender_plan(subscription, name)
	not lib.defender_on(plan)
}

state[name] := "off" if {
	some name in plans
	plan := lib.defender_plan(subscription, name)
	lib.defender_on(plan)
	lib.defender_extension(plan, extension) == "off"
}

state[name] := "unknown" if {
	some name in plans
	not lib.defender_plan(subscription, name)
}

state[name] := "unknown" if {
	some name in plans
	plan := lib.defender_plan(subscription, name)
	lib.defender_on(plan)
	lib.defender_extension(plan, extension) == "unlisted"
}

# Why each plan whose state is unknown is.
reasons contains lib.defender_unknown(subscription, name).message if {
	some name in plans
	state[name] == "unknown"
	not lib.defender_plan(subscription, name)
}

reasons contains concat("", ["The ", name, " plan is on but does not list the ", extension, " extension (infrastructure code lists only the extensions it declares)."]) if {
	some name in plans
	state[name] == "unknown"
	lib.defender_plan(subscription, name)
}

evidence := array.concat(
	lib.defender_evidence(subscription, "Containers", [extension]),
	lib.defender_evidence(subscription, "CloudPosture", [extension]),
)
