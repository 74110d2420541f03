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
package amlscan.rules.keyvault_network_restricted

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition in the lib.judge shape: the properties read once, the judgement inline.
verdicts(inp) := {lib.judge(
	sec, r, ["properties.publicNetworkAccess", "properties.networkAcls.defaultAction"], true in [lower(lib.text(access)) == "disabled", lower(lib.text(acl)) == "deny"],
	"The key vault is closed to public networks.",
	"The key vault accepts traffic from all networks (publicNetworkAccess not Disabled and networkAcls.defaultAction not Deny).",
	[
		{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"},
		{"path": "properties.networkAcls.defaultAction", "found": acl, "expected": "Deny"},
	],
)} if {
	sec := inp.key_vault
	sec.status == "ok"
	r := sec.resource
	is_object(r)
	access := object.get(r, ["properties", "publicNetworkAccess"], null)
	acl := object.get(r, ["properties", "networkAcls", "defaultAction"], null)
} else := lib.assoc_verdicts(inp, "key_vault", "Microsoft.KeyVault/vaults")
