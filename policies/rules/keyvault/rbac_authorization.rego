# METADATA
# title: Workspace key vault uses the Azure RBAC permission model
# description: >-
#   Access policies are a second, vault-local permission system that Privileged Identity Management,
#   access reviews and Conditional Access do not cover. enableRbacAuthorization must be true. In a
#   live snapshot the property is always present, and a vault where it is null uses access policies
#   (absent fails, as in the Azure Policy built-in). In infrastructure code an absent property takes
#   the default of the api-version the template uses (the section's api_version): from 2026-02-01
#   Key Vault creates new vaults with Azure RBAC (passes), before it with access policies (fails);
#   an existing vault a template updates keeps its permission model, which only a live scan shows.
#   A what-if result at 2026-02-01 or later is unknown: its after-state of an existing vault lacks
#   the property when the vault uses access policies, and the snapshot does not keep whether the
#   vault is created.
# custom:
#   id: AML-KV-002
#   severity: medium
#   resource_type: Microsoft.KeyVault/vaults
#   frameworks:
#     hipaa: [164.308(a)(4), 164.312(a)(1)]
#     gdpr: [32(1)(b), 32(4)]
#   remediation:
#     text: >-
#       Migrate the vault's access policies to Azure role assignments and switch the vault to the RBAC permission
#       model.
#     cli: az keyvault update --name <vault> --enable-rbac-authorization true
#     bicep: |-
#       resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
#         properties: { enableRbacAuthorization: true }
#       }
#   references:
#     azure_policy: [12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5]
#     psrule: [Azure.KeyVault.RBAC]
#     docs: ['https://learn.microsoft.com/azure/key-vault/general/rbac-migration', 'https://learn.microsoft.com/azure/key-vault/general/access-control-default']
package amlscan.rules.keyvault.rbac_authorization

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.key_vault

results contains lib.could_not_resolve(vault, paths, evidence) if lib.unresolved(input.key_vault, paths)

results contains lib.pass(
	vault,
	"The key vault uses Azure RBAC.",
	evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	rbac == true
}

results contains lib.fail(
	vault,
	"enableRbacAuthorization is false or absent: the vault uses access policies.",
	evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	rbac != true
	not declared_default
}

# Infrastructure code that leaves the property out: the default of the template's api-version.
results contains lib.pass(
	vault,
	concat("", [
		"enableRbacAuthorization is absent: Key Vault creates a vault with Azure RBAC by default from api-version 2026-02-01, ",
		"and the template uses ", api_version, " (an existing vault keeps its permission model).",
	]),
	default_evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	declared_default
	api_version >= rbac_default_from
	not what_if
}

results contains lib.unknown(
	vault,
	concat("", [
		"enableRbacAuthorization is absent from the what-if after-state (api-version ", api_version,
		"): a vault it creates gets Azure RBAC by default, an existing one keeps access policies, and the snapshot does not say which this is.",
	]),
	default_evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	declared_default
	api_version >= rbac_default_from
	what_if
}

results contains lib.fail(
	vault,
	concat("", [
		"enableRbacAuthorization is absent and the template uses api-version ", api_version,
		": before 2026-02-01 Key Vault creates a vault with access policies by default.",
	]),
	default_evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	declared_default
	api_version < rbac_default_from
}

results contains lib.unknown(
	vault,
	"enableRbacAuthorization is absent and the snapshot does not record the template's api-version, on which its default depends.",
	default_evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	declared_default
	not api_version
}

vault := lib.resource(input.key_vault)

rbac := object.get(vault, ["properties", "enableRbacAuthorization"], null)

paths := ["properties.enableRbacAuthorization"]

evidence := [{"path": "properties.enableRbacAuthorization", "found": rbac, "expected": true}]

# The property left out of infrastructure code.
declared_default if {
	lib.infrastructure_code
	is_null(rbac)
}

what_if if lib.eq_ci(input.context.source.kind, "arm-what-if")

# The first api-version whose default for new vaults is Azure RBAC.
rbac_default_from := "2026-02-01"

# The api-version the section was read (IaC: declared) with, when it is one (a date, maybe -preview).
api_version := version if {
	version := input.key_vault.api_version
	is_string(version)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}`, version)
}

default_evidence := [
	{"path": "properties.enableRbacAuthorization", "found": rbac, "expected": true},
	{"path": "api_version", "found": object.get(input.key_vault, "api_version", null), "expected": concat("", [">= ", rbac_default_from, " (absent property: RBAC by default)"])},
]
