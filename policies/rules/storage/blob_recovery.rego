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
package amlscan.rules.storage_blob_recovery

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition, the common case (an account, its blob service judged) first.
verdicts(inp) := {_blob_verdict(sa, object.get(inp, "blob_service", null))} if {
	sec := inp.storage_account
	sec.status == "ok"
	sa := sec.resource
	is_object(sa)
} else := lib.assoc_verdicts(inp, "storage_account", "Microsoft.Storage/storageAccounts")

# The blob service of the account: judged in the lib.judge shape when returned, unknown otherwise
# (under the id the account's blob service has).
_blob_verdict(sa, sec) := lib.judge(
	sec, blob, ["properties.deleteRetentionPolicy.enabled", "properties.isVersioningEnabled"], [soft, versions] == [true, true],
	"Blob soft delete and versioning are on.",
	"Blob soft delete or versioning is off (absent means off, the ARM default): deleted or overwritten data cannot be recovered.",
	[
		{"path": "properties.deleteRetentionPolicy.enabled", "found": soft, "expected": true},
		{"path": "properties.isVersioningEnabled", "found": versions, "expected": true},
	],
) if {
	sec.status == "ok"
	blob := sec.resource
	is_object(blob)
	soft := object.get(blob, ["properties", "deleteRetentionPolicy", "enabled"], null)
	versions := object.get(blob, ["properties", "isVersioningEnabled"], null)
} else := lib.unknown(concat("", [sa.id, "/blobServices/default"]), "Microsoft.Storage/storageAccounts/blobServices", "The blob service properties were not returned.", []) if {
	sec.status == "ok"
	is_null(sec.resource)
} else := lib.section_unknown(sec, "blob_service", concat("", [sa.id, "/blobServices/default"]), "Microsoft.Storage/storageAccounts/blobServices") if {
	not sec.status == "ok"
}
