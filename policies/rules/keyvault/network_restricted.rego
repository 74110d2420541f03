# METADATA
# title: Workspace key vault is closed to public networks
# description: >-
#   A key vault reachable from every network exposes the workspace's secrets to anyone holding a token.
#   Passes when publicNetworkAccess is Disabled or the firewall's networkAcls.defaultAction is Deny, the
#   two ways the Azure Policy built-in accepts (firewall enabled or public network access disabled). Absent
#   values mean the service defaults, Enabled and Allow, which fail.
# custom:
#   id: AML-KV-003
#   severity: high
#   resource_type: Microsoft.KeyVault/vaults
#   frameworks:
#     hipaa: [164.312(a)(1), 164.312(e)(1)]
#     gdpr: [25(1), 32(1)(b)]
#   remediation:
#     text: >-
#       Disable public network access on the key vault (use a private endpoint) or set its firewall default
#       action to Deny.
#     cli: az keyvault update --name <vault> --public-network-access Disabled --default-action Deny
#     bicep: |-
#       resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
#         properties: { publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } }
#       }
#   references:
#     azure_policy: [55615ac9-af46-4a59-874e-391cc3dfb490]
#     psrule: [Azure.KeyVault.Firewall]
#     checkov: [CKV_AZURE_109]
#     docs: ['https://learn.microsoft.com/azure/key-vault/general/network-security']
package amlscan.rules.keyvault.network_restricted

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.key_vault

results contains lib.could_not_resolve(vault, paths, evidence) if lib.unresolved(input.key_vault, paths)

results contains lib.pass(
	vault,
	"The key vault is closed to public networks.",
	evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	closed
}

results contains lib.fail(
	vault,
	"The key vault accepts traffic from all networks (publicNetworkAccess not Disabled and networkAcls.defaultAction not Deny).",
	evidence,
) if {
	not lib.unresolved(input.key_vault, paths)
	not closed
}

vault := lib.resource(input.key_vault)

access := object.get(vault, ["properties", "publicNetworkAccess"], null)

acl := object.get(vault, ["properties", "networkAcls", "defaultAction"], null)

paths := ["properties.publicNetworkAccess", "properties.networkAcls.defaultAction"]

evidence := [
	{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"},
	{"path": "properties.networkAcls.defaultAction", "found": acl, "expected": "Deny"},
]

closed if lib.eq_ci(access, "Disabled")

closed if lib.eq_ci(acl, "Deny")
