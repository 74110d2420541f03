# METADATA
# title: Storage account requires TLS 1.2 or later
# description: >-
#   TLS 1.0 and 1.1 have known weaknesses. minimumTlsVersion must be TLS1_2 or TLS1_3. Absent means the
#   service default of older accounts, TLS1_0, and fails, as in the Azure Policy built-in with its parameter
#   at TLS1_2.
# custom:
#   id: AML-STG-002
#   severity: medium
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: [164.312(e)(1), 164.312(e)(2)(i), 164.312(e)(2)(ii)]
#     gdpr: [32(1)(a)]
#   remediation:
#     text: Set the minimum TLS version to TLS1_2.
#     cli: az storage account update --name <storage> --resource-group <rg> --min-tls-version TLS1_2
#     bicep: |-
#       resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
#         properties: { minimumTlsVersion: 'TLS1_2' }
#       }
#   references:
#     azure_policy: [fe83a0eb-a853-422d-aac2-1bffd182c5d0]
#     psrule: [Azure.Storage.MinTLS]
#     checkov: [CKV_AZURE_44]
#     docs: ["https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version"]
package amlscan.rules.storage.minimum_tls

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.could_not_resolve(account, paths, evidence) if lib.unresolved(input.storage_account, paths)

results contains lib.pass(
	account,
	"The storage account requires TLS 1.2 or later.",
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	modern
}

results contains lib.fail(
	account,
	concat("", ["minimumTlsVersion is ", lib.text(tls), " (absent means TLS1_0): clients may use TLS 1.0 or 1.1."]),
	evidence,
) if {
	not lib.unresolved(input.storage_account, paths)
	not modern
}

account := lib.resource(input.storage_account)

tls := object.get(account, ["properties", "minimumTlsVersion"], null)

paths := ["properties.minimumTlsVersion"]

evidence := [{"path": "properties.minimumTlsVersion", "found": tls, "expected": "TLS1_2"}]

modern if lower(lib.text(tls)) in {"tls1_2", "tls1_3"}
