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
#     psrule: [Azure.Storage.Firewall]
#     checkov: [CKV_AZURE_35]
#     docs: ['https://learn.microsoft.com/azure/storage/common/storage-network-security']
package amlscan.rules.storage.network_restricted

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.storage_account, paths)

results contains lib.pass(
	account,
	"The storage account is closed to public networks.",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	closed
}

results contains lib.fail(
	account,
	"The storage account accepts traffic from all networks (publicNetworkAccess not Disabled and networkAcls.defaultAction not Deny; absent means Enabled and Allow).",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	not closed
}

account := lib.resource(input.storage_account)

access := object.get(account, ["properties", "publicNetworkAccess"], null)

acl := object.get(account, ["properties", "networkAcls", "defaultAction"], null)

paths := ["properties.publicNetworkAccess", "properties.networkAcls.defaultAction"]

evidence := [
	{"path": "properties.publicNetworkAccess", "found": access, "expected": "Disabled"},
	{"path": "properties.networkAcls.defaultAction", "found": acl, "expected": "Deny"},
]

closed if lib.eq_ci(access, "Disabled")

closed if lib.eq_ci(acl, "Deny")
