# METADATA
# title: Storage account shared key access is disabled
# description: >-
#   Account keys and the SAS tokens signed with them grant full access without an identity, so access cannot
#   be attributed or individually revoked. allowSharedKeyAccess must be false; absent means the service
#   default, true, which fails, as in the Azure Policy built-in. Requires identity-based datastores (AML-IAM-002,
#   AML-DST-001).
# custom:
#   id: AML-STG-004
#   severity: medium
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: [164.312(a)(2)(i), 164.312(d)]
#     gdpr: [32(1)(b)]
#   remediation:
#     text: Move the workspace to identity-based storage access, then disallow shared key access.
#     cli: >-
#       az storage account update --name <storage> --resource-group <rg> --allow-shared-key-access false
#     bicep: |-
#       resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
#         properties: { allowSharedKeyAccess: false }
#       }
#   references:
#     azure_policy: [8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54]
#     psrule: [Azure.Storage.LocalAuth]
#     checkov: [CKV2_AZURE_40]
#     docs: ['https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent']
package amlscan.rules.storage.shared_key_access

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.storage_account, paths)

results contains lib.pass(
	account,
	"Shared key access is disabled.",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	disabled
}

results contains lib.fail(
	account,
	"allowSharedKeyAccess is true or absent (service default: true): account keys and SAS tokens work.",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	not disabled
}

account := lib.resource(input.storage_account)

shared := object.get(account, ["properties", "allowSharedKeyAccess"], null)

paths := ["properties.allowSharedKeyAccess"]

evidence := [{"path": "properties.allowSharedKeyAccess", "found": shared, "expected": false}]

disabled if shared == false
