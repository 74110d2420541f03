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
package amlscan.rules.storage_blob_public_access

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
	sec, r, ["properties.allowBlobPublicAccess"], _good(r),
	"Anonymous blob access is disallowed.",
	"allowBlobPublicAccess is true or absent: containers can be made publicly readable.",
	[
		lib.evidence("properties.allowBlobPublicAccess", lib.prop(r, ["properties", "allowBlobPublicAccess"]), false),
	],
)

_good(r) := true if {
	lib.prop(r, ["properties", "allowBlobPublicAccess"]) == false
} else := false
