# METADATA
# title: Storage account is closed to public networks
# description: >-
#   A storage account open to all networks can be reached from anywhere with a stolen credential. Passes
#   when publicNetworkAccess is Disabled or the firewall's networkAcls.defaultAction is Deny. Absent values
#   mean the service defaults, Enabled and Allow, which fail. The Azure Policy built-in looks only at defaultAction;
#   an account with public network access disabled is also closed, so this rule passes it too.
# custom:
#   id: AML-STG-005
#   severity: high
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: [164.312(a)(1), 164.312(e)(1)]
#     gdpr: [25(1), 32(1)(b)]
#   remediation:
#     text: >-
#       Disable public network access (use private endpoints) or set the firewall default action to Deny.
#     cli: >-
#       az storage account update --name <storage> --resource-group <rg> --public-network-access Disabled
#       --default-action Deny
#     bicep: |-
#       resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
#         properties: { publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } }
#       }
#   references:
#     azure_policy: [34c877ad-507e-4c82-993e-3452a6e0ad3c]
#     checkov: [CKV_AZURE_35]
#     docs: ['https://learn.microsoft.com/azure/storage/common/storage-network-security']
package amlscan.rules.storage_network_restricted

import rego.v1

import data.amlscan.lib

results := verdicts(input)

_type := "Microsoft.Storage/storageAccounts"

verdicts(inp) := {lib.assoc_unknown(inp, "storage_account", _type)} if not lib.ok(lib.section(inp, "storage_account"))

verdicts(inp) := set() if lib.nothing_linked(lib.section(inp, "storage_account"))

verdicts(inp) := {_verdict(sec, r)} if {
	sec := lib.section(inp, "storage_account")
	r := lib.resource(sec)
}

_verdict(sec, r) := lib.judge(
	sec, r, ["properties.publicNetworkAccess", "properties.networkAcls.defaultAction"], _good(r),
	"The storage account is closed to public networks.",
	"The storage account accepts traffic from all networks (publicNetworkAccess not Disabled and networkAcls.defaultAction not Deny; absent means Enabled and Allow).",
	[
		lib.evidence("properties.publicNetworkAccess", lib.prop(r, ["properties", "publicNetworkAccess"]), "Disabled"),
		lib.evidence("properties.networkAcls.defaultAction", lib.prop(r, ["properties", "networkAcls", "defaultAction"]), "Deny"),
	],
)

_good(r) := true if {
	_closed(r)
} else := false

_closed(r) if lib.eq_ci(lib.prop(r, ["properties", "publicNetworkAccess"]), "Disabled")

_closed(r) if lib.eq_ci(lib.prop(r, ["properties", "networkAcls", "defaultAction"]), "Deny")
