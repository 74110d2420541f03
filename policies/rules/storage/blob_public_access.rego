# METADATA
# title: Storage account disallows anonymous blob access
# description: >-
#   allowBlobPublicAccess lets container owners publish blobs to anyone without authentication, one setting
#   away from a data breach. It must be false. Absent fails, as in the Azure Policy built-in (which is non-compliant
#   unless the value equals false): older accounts default to allowing it.
# custom:
#   id: AML-STG-003
#   severity: high
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: [164.312(a)(1), 164.312(d)]
#     gdpr: [5(1)(f), 25(2), 32(1)(b)]
#   remediation:
#     text: Disallow anonymous blob access on the storage account.
#     cli: >-
#       az storage account update --name <storage> --resource-group <rg> --allow-blob-public-access false
#     bicep: |-
#       resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
#         properties: { allowBlobPublicAccess: false }
#       }
#   references:
#     azure_policy: [4fa4b6c0-31ca-4c0d-b10d-24b96f62a751]
#     psrule: [Azure.Storage.BlobPublicAccess]
#     checkov: [CKV_AZURE_190]
#     docs: ['https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent']
package amlscan.rules.storage.blob_public_access

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.storage_account, paths)

results contains lib.pass(
	account,
	"Anonymous blob access is disallowed.",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	disallowed
}

results contains lib.fail(
	account,
	"allowBlobPublicAccess is true or absent: containers can be made publicly readable.",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	not disallowed
}

account := lib.resource(input.storage_account)

allow := object.get(account, ["properties", "allowBlobPublicAccess"], null)

paths := ["properties.allowBlobPublicAccess"]

evidence := [{"path": "properties.allowBlobPublicAccess", "found": allow, "expected": false}]

disallowed if allow == false
