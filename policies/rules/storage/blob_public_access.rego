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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition in the lib.judge shape: the properties read once, the judgement inline.
verdicts(inp) := {lib.judge(
	sec, r, ["properties.allowBlobPublicAccess"], allow == false,
	"Anonymous blob access is disallowed.",
	"allowBlobPublicAccess is true or absent: containers can be made publicly readable.",
	[{"path": "properties.allowBlobPublicAccess", "found": allow, "expected": false}],
)} if {
	sec := inp.storage_account
	sec.status == "ok"
	r := sec.resource
	is_object(r)
	allow := object.get(r, ["properties", "allowBlobPublicAccess"], null)
} else := lib.assoc_verdicts(inp, "storage_account", "Microsoft.Storage/storageAccounts")
