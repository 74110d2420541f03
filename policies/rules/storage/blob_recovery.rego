# METADATA
# title: Blob soft delete and versioning protect the workspace's data
# description: >-
#   Training data, models and run outputs in the workspace's storage account must survive an
#   accidental or malicious delete or overwrite: blob soft delete (deleteRetentionPolicy.enabled)
#   keeps deleted blobs recoverable and versioning (isVersioningEnabled) keeps every overwritten
#   version. Both must be on; absent means the ARM default, off, which fails. The rule reads the
#   blob service properties of the account (section blob_service, GET
#   .../blobServices/default); a snapshot without that section is unknown.
# custom:
#   id: AML-STG-008
#   severity: medium
#   resource_type: Microsoft.Storage/storageAccounts/blobServices
#   frameworks:
#     hipaa: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#     gdpr: ["32(1)(c)"]
#   remediation:
#     text: Turn on blob soft delete (at least 7 days) and blob versioning on the workspace storage account.
#     cli: az storage account blob-service-properties update --account-name <storage> --resource-group <rg> --enable-delete-retention true --delete-retention-days 14 --enable-versioning true
#     bicep: |-
#       resource blob 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
#         parent: st
#         name: 'default'
#         properties: { deleteRetentionPolicy: { enabled: true, days: 14 }, isVersioningEnabled: true }
#       }
#   references:
#     psrule: ["Azure.Storage.SoftDelete"]
#     checkov: ["CKV2_AZURE_38"]
#     docs: ["https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview", "https://learn.microsoft.com/azure/storage/blobs/versioning-overview"]
package amlscan.rules.storage.blob_recovery

import data.amlscan.lib

# The account's blob service (section blob_service) is judged: soft delete and versioning on.

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.could_not_resolve(blob_service, paths, evidence) if lib.unresolved(input.blob_service, paths)

results contains lib.pass(blob_service, "Blob soft delete and versioning are on.", evidence) if {
	not lib.unresolved(input.blob_service, paths)
	recoverable
}

results contains lib.fail(
	blob_service,
	"Blob soft delete or versioning is off (absent means off, the ARM default): deleted or overwritten data cannot be recovered.",
	evidence,
) if {
	not lib.unresolved(input.blob_service, paths)
	not recoverable
}

# An account whose blob service was collected without it, or could not be collected.
results contains lib.unknown(
	{"id": blob_service_id, "type": blob_service_type},
	"The blob service properties were not returned.",
	[],
) if {
	blob_section.status == "ok"
	is_null(blob_section.resource)
}

results contains lib.section_unknown(blob_section, "blob_service", blob_service_id, blob_service_type) if {
	not blob_section.status == "ok"
}

account := lib.resource(input.storage_account)

blob_section := object.get(input, "blob_service", null)

blob_service := lib.resource(blob_section) if account

blob_service_id := concat("", [account.id, "/blobServices/default"])

blob_service_type := "Microsoft.Storage/storageAccounts/blobServices"

soft_delete := object.get(blob_service, ["properties", "deleteRetentionPolicy", "enabled"], null)

versioning := object.get(blob_service, ["properties", "isVersioningEnabled"], null)

recoverable if {
	soft_delete == true
	versioning == true
}

paths := ["properties.deleteRetentionPolicy.enabled", "properties.isVersioningEnabled"]

evidence := [
	{"path": "properties.deleteRetentionPolicy.enabled", "found": soft_delete, "expected": true},
	{"path": "properties.isVersioningEnabled", "found": versioning, "expected": true},
]
