# METADATA
# title: Storage account holding regulated data uses infrastructure (double) encryption
# description: >-
#   Infrastructure encryption adds a second, independent layer of AES-256 encryption at the
#   infrastructure level, so one compromised key or algorithm does not expose the data. Required when
#   the workspace or the storage account is tagged as holding regulated data (regulated_data_tag /
#   regulated_data_values parameters) or the workspace is high business impact; other accounts pass.
#   encryption.requireInfrastructureEncryption must be true; absent means the service default, false,
#   which fails. It can only be set when the account is created.
# custom:
#   id: AML-STG-007
#   severity: low
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["32(1)(a)"]
#   remediation:
#     text: Create a new storage account with infrastructure encryption, move the data, and point the workspace at it.
#     cli: az storage account create --name <storage> --resource-group <rg> --require-infrastructure-encryption true
#     bicep: |-
#       resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
#         properties: { encryption: { requireInfrastructureEncryption: true } }
#       }
#   references:
#     azure_policy: ["4733ea7b-a883-42fe-8cac-97454c2a9e4a"]
#     docs: ["https://learn.microsoft.com/azure/storage/common/infrastructure-encryption-enable"]
package amlscan.rules.storage.infrastructure_encryption

import data.amlscan.lib

# Required for an account holding regulated data: the account or the workspace tagged so, or the
# workspace high business impact. Other accounts pass, once the workspace could be read to tell.

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.could_not_resolve(account, paths, evidence) if {
	regulated
	lib.unresolved(input.storage_account, paths)
}

results contains lib.pass(account, "The account holds regulated data and uses infrastructure encryption.", evidence) if {
	regulated
	not lib.unresolved(input.storage_account, paths)
	double_encryption == true
}

results contains lib.fail(
	account,
	"The account holds regulated data but requireInfrastructureEncryption is false or absent (service default: false).",
	evidence,
) if {
	regulated
	not lib.unresolved(input.storage_account, paths)
	double_encryption != true
}

results contains lib.pass(
	account,
	"Neither the account nor the workspace is marked as holding regulated data; infrastructure encryption is not required.",
	evidence,
) if {
	not regulated
	lib.workspace
}

results contains lib.unknown(
	account,
	"The workspace could not be read to tell whether the account holds regulated data.",
	evidence,
) if {
	not regulated
	not lib.workspace
}

account := lib.resource(input.storage_account)

double_encryption := object.get(account, ["properties", "encryption", "requireInfrastructureEncryption"], null)

regulated if lib.regulated(account)

regulated if lib.regulated(lib.workspace)

regulated if object.get(lib.workspace, ["properties", "hbiWorkspace"], null) == true

paths := ["properties.encryption.requireInfrastructureEncryption"]

evidence := [{
	"path": "properties.encryption.requireInfrastructureEncryption",
	"found": double_encryption,
	"expected": true,
}]
