# METADATA
# title: Secrets in the customer-managed-key vault have an expiration date
# description: >-
#   A secret valid forever (a password, a connection string, a client secret) keeps working for whoever
#   copied it, and nothing ever prompts its rotation. Every secret in the vault that holds the
#   workspace's customer-managed key (section cmk_vault_secrets: names, content types and attributes
#   only, never a value) must have an expiration date (attributes.exp), as in the Azure Policy built-in
#   "Key Vault secrets should have an expiration date". An absent exp means the service default, no
#   expiry, which fails. Workspaces without a customer-managed key give no result; infrastructure code
#   lists only the secrets it declares.
# custom:
#   id: AML-KV-008
#   severity: low
#   resource_type: Microsoft.KeyVault/vaults/secrets
#   frameworks:
#     hipaa: ["164.312(d)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Set an expiration date on every secret of the vault and rotate the credential before it expires.
#     cli: az keyvault secret set-attributes --vault-name <cmk-vault> --name <secret> --expires <YYYY-MM-DDThh:mm:ssZ>
#     bicep: |-
#       resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
#         properties: { attributes: { exp: dateTimeToEpoch(dateTimeAdd(utcNow(), 'P90D')) } }
#       }
#   references:
#     azure_policy: ["98728c90-32c7-4049-8429-847dc0f4fe37"]
#     checkov: ["CKV_AZURE_41"]
#     docs: ["https://learn.microsoft.com/azure/key-vault/secrets/about-secrets"]
package amlscan.rules.keyvault.cmk_vault_secret_expiry

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.key_section_unknown("cmk_vault_secrets", "Microsoft.KeyVault/vaults", "vault_id")

results contains lib.could_not_resolve(secret, ["properties.attributes.exp"], evidence(secret)) if {
	some i, secret in secrets
	i in unresolved
}

results contains lib.pass(secret, "The secret has an expiration date.", evidence(secret)) if {
	some i, secret in secrets
	not i in unresolved
	is_number(object.get(secret, ["properties", "attributes", "exp"], null))
}

results contains lib.fail(secret, "The secret has no expiration date (absent: the service default, it never expires).", evidence(secret)) if {
	some i, secret in secrets
	not i in unresolved
	not is_number(object.get(secret, ["properties", "attributes", "exp"], null))
}

# The secrets of the vault, each with an id and a type for its verdict.
secrets[i] := lib.vault_item(item, "secrets", "Microsoft.KeyVault/vaults/secrets", input.cmk_vault_secrets) if {
	some i, item in lib.items(input.cmk_vault_secrets)
}

# Indexes of the secrets whose expiry is known only at deployment (IaC).
unresolved contains i if {
	paths := lib.arr(object.get(input, ["cmk_vault_secrets", "unresolved"], []))
	count(paths) > 0
	some i, _ in secrets
	concat("", ["items[", format_int(i, 10), "].properties.attributes.exp"]) in paths
}

evidence(secret) := [{"path": "properties.attributes.exp", "found": object.get(secret, ["properties", "attributes", "exp"], null), "expected": expected}]

# (A name, not a literal: the canonical table types exp from Key Vault's API, an integer.)
expected := "an expiration date (seconds since 1970)"
