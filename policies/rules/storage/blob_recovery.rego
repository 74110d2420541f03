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
#     docs: ["https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview", "https://learn.microsoft.com/azure/storage/blobs/versioning-overview"]
package amlscan.rules.storage_blob_recovery

import rego.v1

import data.amlscan.lib

results := verdicts(input)

_type := "Microsoft.Storage/storageAccounts/blobServices"

verdicts(inp) := set() if lib.nothing_linked(lib.section(inp, "storage_account"))

verdicts(inp) := {lib.assoc_unknown(inp, "storage_account", "Microsoft.Storage/storageAccounts")} if not lib.ok(lib.section(inp, "storage_account"))

verdicts(inp) := {_verdict3(inp, sa, lib.section(inp, "blob_service"))} if sa := lib.resource(lib.section(inp, "storage_account"))

_blob_id(sa) := concat("", [sa.id, "/blobServices/default"])

_soft := "properties.deleteRetentionPolicy.enabled"

_versions := "properties.isVersioningEnabled"

_ev(blob) := [
	lib.evidence(_soft, lib.prop(blob, ["properties", "deleteRetentionPolicy", "enabled"]), true),
	lib.evidence(_versions, lib.prop(blob, ["properties", "isVersioningEnabled"]), true),
]

_verdict3(_, sa, sec) := lib.section_unknown(sec, "blob_service", _blob_id(sa), _type) if not lib.ok(sec)

_verdict3(_, sa, sec) := lib.unknown(_blob_id(sa), _type, "The blob service properties were not returned.", []) if lib.nothing_linked(sec)

_verdict3(_, _, sec) := lib.judge(
	sec, blob, [_soft, _versions], _good(blob),
	"Blob soft delete and versioning are on.",
	"Blob soft delete or versioning is off (absent means off, the ARM default): deleted or overwritten data cannot be recovered.",
	_ev(blob),
) if blob := lib.resource(sec)

_good(blob) := true if {
	lib.prop(blob, ["properties", "deleteRetentionPolicy", "enabled"]) == true
	lib.prop(blob, ["properties", "isVersioningEnabled"]) == true
} else := false
