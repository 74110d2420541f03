# METADATA
# title: The workspace's customer-managed key is rotated automatically
# description: >-
#   A key that never changes gives whoever obtains it lasting access to the data it protects, and a
#   rotation left to people is the one that gets forgotten. The key named by the workspace's
#   encryption.keyVaultProperties.keyIdentifier (section cmk_key) must have a rotation policy with a
#   Rotate lifetime action that creates a new key version at most max_key_rotation_days after the last
#   one (default 730: Microsoft recommends rotating encryption keys at least every two years): a
#   timeAfterCreate trigger, or a timeBeforeExpiry trigger counted back from the policy's expiryTime.
#   Durations are ISO 8601 with one unit (P90D, P18M, P2Y; a month counts as 30 days, a year as 365);
#   one the scanner cannot read makes the verdict unknown, not a pass. An absent rotationPolicy means
#   the service default, no automatic rotation, which fails. Workspaces without a customer-managed key
#   give no result (see AML-ENC-001).
# custom:
#   id: AML-KV-006
#   severity: medium
#   resource_type: Microsoft.KeyVault/vaults/keys
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["32(1)(a)"]
#   remediation:
#     text: Give the workspace's key a rotation policy that rotates it automatically (for example 30 days before a one-year expiry) and notifies before expiry.
#     cli: az keyvault key rotation-policy update --vault-name <cmk-vault> --name <key> --value '{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P11M"},"action":{"type":"Rotate"}},{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"Notify"}}],"attributes":{"expiryTime":"P1Y"}}'
#     bicep: |-
#       resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
#         properties: { rotationPolicy: { attributes: { expiryTime: 'P1Y' }, lifetimeActions: [ { trigger: { timeAfterCreate: 'P11M' }, action: { type: 'rotate' } } ] } }
#       }
#   references:
#     azure_policy: ["d8cf8476-a2ec-4916-896e-992351803c44"]
#     psrule: ["Azure.KeyVault.AutoRotationPolicy"]
#     docs: ["https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation", "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys"]
package amlscan.rules.keyvault.cmk_key_rotation

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.key_section_unknown("cmk_key", key_type, "resource_id")

results contains lib.could_not_resolve(key, paths, evidence) if lib.unresolved_under(input.cmk_key, "properties.rotationPolicy")

results contains lib.pass(
	key,
	concat("", ["The key rotates automatically every ", lib.text(min(intervals)), " days at most (required: ", lib.text(required), ")."]),
	evidence,
) if {
	not lib.unresolved_under(input.cmk_key, "properties.rotationPolicy")
	some days in intervals
	days <= required
}

results contains lib.fail(
	key,
	"The key has no rotation policy with a Rotate action (absent: the service default, no automatic rotation).",
	evidence,
) if {
	not lib.unresolved_under(input.cmk_key, "properties.rotationPolicy")
	count(rotations) == 0
}

results contains lib.fail(
	key,
	concat("", ["The key rotates only every ", lib.text(min(intervals)), " days; required: at most ", lib.text(required), "."]),
	evidence,
) if {
	not lib.unresolved_under(input.cmk_key, "properties.rotationPolicy")
	count(rotations) > 0
	count(unreadable) == 0
	min(intervals) > required
}

results contains lib.unknown(
	key,
	"The rotation policy's Rotate action has a trigger the scanner cannot read as a duration of one unit (P90D, P18M, P2Y).",
	evidence,
) if {
	not lib.unresolved_under(input.cmk_key, "properties.rotationPolicy")
	count(unreadable) > 0
	every days in intervals {
		days > required
	}
}

key_type := "Microsoft.KeyVault/vaults/keys"

key := lib.resource(input.cmk_key)

policy := object.get(key, ["properties", "rotationPolicy"], null)

required := lib.params.max_key_rotation_days

paths := ["properties.rotationPolicy"]

# The Rotate lifetime actions (action.type is case-insensitive: 'rotate' and 'Rotate' both occur).
rotations contains action if {
	some action in lib.arr(lib.field(policy, "lifetimeActions", []))
	lib.eq_ci(lib.dig(action, ["action", "type"], null), "rotate")
}

# Days from one key version to the next for each Rotate action whose trigger can be read.
intervals contains days if {
	some action in rotations
	days := interval(lib.dig(action, ["trigger"], null))
}

unreadable contains action if {
	some action in rotations
	not interval(lib.dig(action, ["trigger"], null))
}

interval(trigger) := lib.duration_days(lib.dig(trigger, ["timeAfterCreate"], null))

interval(trigger) := lib.duration_days(expiry) - lib.duration_days(before) if {
	not lib.duration_days(lib.dig(trigger, ["timeAfterCreate"], null))
	before := lib.dig(trigger, ["timeBeforeExpiry"], null)
	expiry := lib.dig(policy, ["attributes", "expiryTime"], null)
}

evidence := [{
	"path": "properties.rotationPolicy.lifetimeActions",
	"found": object.get(key, ["properties", "rotationPolicy", "lifetimeActions"], null),
	"expected": concat("", ["a Rotate action at most ", lib.text(required), " days after the last version"]),
}]
