# METADATA
# title: Workspace key vault uses the Azure RBAC permission model
# description: >-
#   Access policies are a second, vault-local permission system that Privileged Identity Management,
#   access reviews and Conditional Access do not cover. enableRbacAuthorization must be true; absent
#   is read as false (access policies) and fails, as in the Azure Policy built-in.
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
#     docs: ['https://learn.microsoft.com/azure/key-vault/general/rbac-migration']
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
	uses_rbac
}

results contains lib.fail(
	vault,
	"enableRbacAuthorization is false or absent: the vault uses access policies.",
	evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	not uses_rbac
}

vault := lib.resource(input.key_vault)

rbac := object.get(vault, ["properties", "enableRbacAuthorization"], null)

paths := ["properties.enableRbacAuthorization"]

evidence := [{"path": "properties.enableRbacAuthorization", "found": rbac, "expected": true}]

uses_rbac if rbac == true
