# METADATA
# title: Storage account accepts HTTPS traffic only
# description: >-
#   Unencrypted HTTP would expose training data and models in transit. supportsHttpsTrafficOnly must not
#   be false; absent means the service default for accounts created with api-version 2019-04-01 or later,
#   true, which passes, as in the Azure Policy built-in.
# custom:
#   id: AML-STG-001
#   severity: high
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: [164.312(e)(1), 164.312(e)(2)(ii)]
#     gdpr: [32(1)(a), 5(1)(f)]
#   remediation:
#     text: Require secure transfer on the storage account.
#     cli: az storage account update --name <storage> --resource-group <rg> --https-only true
#     bicep: |-
#       resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
#         properties: { supportsHttpsTrafficOnly: true }
#       }
#   references:
#     azure_policy: [404c3081-a854-4457-ae30-26a93ef643f9]
#     psrule: [Azure.Storage.SecureTransfer]
#     checkov: [CKV_AZURE_3]
#     docs: ['https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer']
package amlscan.rules.storage.https_only

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.storage_account, paths)

results contains lib.pass(
	account,
	"The storage account accepts HTTPS only (true or absent: the service default).",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	https
}

results contains lib.fail(
	account,
	"supportsHttpsTrafficOnly is false: the storage account accepts unencrypted HTTP.",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	not https
}

account := lib.resource(input.storage_account)

supports_https_only := object.get(account, ["properties", "supportsHttpsTrafficOnly"], null)

paths := ["properties.supportsHttpsTrafficOnly"]

evidence := [{"path": "properties.supportsHttpsTrafficOnly", "found": supports_https_only, "expected": true}]

https if supports_https_only != false
