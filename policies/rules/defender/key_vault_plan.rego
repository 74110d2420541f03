# METADATA
# title: Defender for Key Vault watches the vaults holding the workspace's secrets and keys
# description: >-
#   The workspace's key vault holds the credentials it runs on and the customer-managed-key vault the key
#   its data is encrypted with; unusual access to either (from an unfamiliar address, a burst of secret
#   reads, a principal that never read them before) is an early sign of a breach. Microsoft Defender for
#   Key Vault detects it. The KeyVaults plan of every subscription these vaults are in must be at the
#   Standard tier; Free, the service default, fails. Unknown when the snapshot does not hold the plan
#   (another subscription's, or one infrastructure code does not declare: never taken as off).
# custom:
#   id: AML-DEF-003
#   severity: medium
#   resource_type: Microsoft.Security/pricings
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(6)(ii)"]
#     gdpr: ["32(1)(b)", "33(1)"]
#   remediation:
#     text: Turn on Microsoft Defender for Key Vault in the subscriptions of the workspace's key vaults and route its alerts to the security team.
#     cli: az security pricing create --name KeyVaults --tier Standard
#     bicep: |-
#       resource keyVaults 'Microsoft.Security/pricings@2024-01-01' = {
#         name: 'KeyVaults'
#         properties: { pricingTier: 'Standard' }
#       }
#   references:
#     azure_policy: ["0e6763cc-5078-4e64-889d-ff4d9a839047"]
#     psrule: ["Azure.Defender.KeyVault"]
#     checkov: ["CKV_AZURE_87"]
#     docs: ["https://learn.microsoft.com/azure/defender-for-cloud/defender-for-key-vault-introduction"]
package amlscan.rules.defender.key_vault_plan

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.defender_unknown(subscription, "KeyVaults") if {
	some subscription in subscriptions
	not lib.defender_plan(subscription, "KeyVaults")
}

results contains lib.pass(
	lib.defender_resource(subscription, "KeyVaults"),
	concat("", ["Defender for Key Vault is on in subscription ", subscription, "."]),
	lib.defender_evidence(subscription, "KeyVaults", []),
) if {
	some subscription in subscriptions
	lib.defender_on(lib.defender_plan(subscription, "KeyVaults"))
}

results contains lib.fail(
	lib.defender_resource(subscription, "KeyVaults"),
	concat("", ["Defender for Key Vault is off (Free, the service default) in subscription ", subscription, ", where the workspace's key vaults are."]),
	lib.defender_evidence(subscription, "KeyVaults", []),
) if {
	some subscription in subscriptions
	plan := lib.defender_plan(subscription, "KeyVaults")
	not lib.defender_on(plan)
}

# The subscriptions of the workspace's key vault and customer-managed-key vault (the ids they were
# looked up by, and the workspace's keyVault property, count too: the plan is the subscription's,
# whether or not the vault could be read).
subscriptions contains subscription if {
	some path in [
		["key_vault", "resource", "id"], ["key_vault", "resource_id"], ["workspace", "resource", "properties", "keyVault"],
		["cmk_key_vault", "resource", "id"], ["cmk_key_vault", "resource_id"],
	]
	subscription := lib.subscription_of(object.get(input, path, null))
	subscription != ""
}
