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
#     checkov: [CKV_AZURE_109]
#     docs: ['https://learn.microsoft.com/azure/key-vault/general/network-security']
package amlscan.rules.keyvault_network_restricted

import rego.v1

import data.amlscan.lib

results := verdicts(input)

_type := "Microsoft.KeyVault/vaults"

verdicts(inp) := {lib.assoc_unknown(inp, "key_vault", _type)} if not lib.ok(lib.section(inp, "key_vault"))

verdicts(inp) := set() if lib.nothing_linked(lib.section(inp, "key_vault"))

verdicts(inp) := {_verdict(sec, r)} if {
	sec := lib.section(inp, "key_vault")
	r := lib.resource(sec)
}

_verdict(sec, r) := lib.judge(
	sec, r, ["properties.publicNetworkAccess", "properties.networkAcls.defaultAction"], _good(r),
	"The key vault is closed to public networks.",
	"The key vault accepts traffic from all networks (publicNetworkAccess not Disabled and networkAcls.defaultAction not Deny).",
	[
		lib.evidence("properties.publicNetworkAccess", lib.prop(r, ["properties", "publicNetworkAccess"]), "Disabled"),
		lib.evidence("properties.networkAcls.defaultAction", lib.prop(r, ["properties", "networkAcls", "defaultAction"]), "Deny"),
	],
)

_good(r) := true if {
	_kv_closed(r)
} else := false

_kv_closed(r) if lib.eq_ci(lib.prop(r, ["properties", "publicNetworkAccess"]), "Disabled")

_kv_closed(r) if lib.eq_ci(lib.prop(r, ["properties", "networkAcls", "defaultAction"]), "Deny")
