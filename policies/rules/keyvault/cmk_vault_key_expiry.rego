# METADATA
# title: Keys in the customer-managed-key vault have an expiration date
# description: >-
#   A key valid forever gives an attacker who obtains it unlimited time to use it, and an expiry date
#   is what forces the rotation a key lifecycle needs. Every key in the vault that holds the workspace's
#   customer-managed key (section cmk_vault_keys: names and attributes only) must have an expiration
#   date (attributes.exp), as in the Azure Policy built-in "Key Vault keys should have an expiration
#   date". An absent exp means the service default, no expiry, which fails. Expiry does not stop
#   unwrapping: keep a rotation policy (AML-KV-006) so a new version exists before it. Workspaces
#   without a customer-managed key give no result; infrastructure code lists only the keys it declares.
# custom:
#   id: AML-KV-007
#   severity: medium
#   resource_type: Microsoft.KeyVault/vaults/keys
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["32(1)(a)"]
#   remediation:
#     text: Set an expiration date on every key of the vault, together with a rotation policy that creates a new version before it.
#     cli: az keyvault key set-attributes --vault-name <cmk-vault> --name <key> --expires <YYYY-MM-DDThh:mm:ssZ>
#     bicep: |-
#       resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
#         properties: { attributes: { exp: dateTimeToEpoch(dateTimeAdd(utcNow(), 'P1Y')) } }
#       }
#   references:
#     azure_policy: ["152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0"]
#     checkov: ["CKV_AZURE_40"]
#     docs: ["https://learn.microsoft.com/azure/key-vault/keys/about-keys-details"]
package amlscan.rules.keyvault.cmk_vault_key_expiry

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.key_section_unknown("cmk_vault_keys", "Microsoft.KeyVault/vaults", "vault_id")

results contains lib.could_not_resolve(key, ["properties.attributes.exp"], evidence(key)) if {
	some i, key in keys
	i in unresolved
}

results contains lib.pass(key, "The key has an expiration date.", evidence(key)) if {
	some i, key in keys
	not i in unresolved
	is_number(object.get(key, ["properties", "attributes", "exp"], null))
}

results contains lib.fail(key, "The key has no expiration date (absent: the service default, it never expires).", evidence(key)) if {
	some i, key in keys
	not i in unresolved
	not is_number(object.get(key, ["properties", "attributes", "exp"], null))
}

# The keys of the vault, each with an id and a type for its verdict.
keys[i] := lib.vault_item(item, "keys", "Microsoft.KeyVault/vaults/keys", input.cmk_vault_keys) if {
	some i, item in lib.items(input.cmk_vault_keys)
}

# Indexes of the keys whose expiry is known only at deployment (IaC).
unresolved contains i if {
	paths := lib.arr(object.get(input, ["cmk_vault_keys", "unresolved"], []))
	count(paths) > 0
	some i, _ in keys
	concat("", ["items[", format_int(i, 10), "].properties.attributes.exp"]) in paths
}

evidence(key) := [{"path": "properties.attributes.exp", "found": object.get(key, ["properties", "attributes", "exp"], null), "expected": expected}]

# (A name, not a literal: the canonical table types exp from Key Vault's API, an integer.)
expected := "an expiration date (seconds since 1970)"
