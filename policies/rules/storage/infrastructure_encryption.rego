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
#     docs: ["https://learn.microsoft.com/azure/storage/common/infrastructure-encryption-enable"]
package amlscan.rules.storage_infrastructure_encryption

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

_type := "Microsoft.Storage/storageAccounts"

verdicts_with(inp, _) := {lib.assoc_unknown(inp, "storage_account", _type)} if not lib.ok(lib.section(inp, "storage_account"))

verdicts_with(inp, _) := set() if lib.nothing_linked(lib.section(inp, "storage_account"))

verdicts_with(inp, p) := {_verdict4(inp, sec, sa, p)} if {
	sec := lib.section(inp, "storage_account")
	sa := lib.resource(sec)
}

_path := "properties.encryption.requireInfrastructureEncryption"

_ev(sa) := [lib.evidence(_path, lib.prop(sa, ["properties", "encryption", "requireInfrastructureEncryption"]), true)]

_regulated(inp, sa, p) if lib.regulated_with(sa, p)

_regulated(inp, _, p) if lib.workspace_regulated_with(lib.resource(inp.workspace), p)

# An else-chain, so whether the data is regulated is worked out once (rego-cpp does not memoise).
_verdict4(inp, sec, sa, p) := lib.judge(
	sec, sa, [_path], _good(sa),
	"The account holds regulated data and uses infrastructure encryption.",
	"The account holds regulated data but requireInfrastructureEncryption is false or absent (service default: false).",
	_ev(sa),
) if {
	_regulated(inp, sa, p)
} else := lib.pass(sa, "Neither the account nor the workspace is marked as holding regulated data; infrastructure encryption is not required.", _ev(sa)) if {
	lib.resource(inp.workspace)
} else := lib.unknown(sa.id, sa.type, "The workspace could not be read to tell whether the account holds regulated data.", _ev(sa))

_good(sa) := true if lib.prop(sa, ["properties", "encryption", "requireInfrastructureEncryption"]) == true else := false
