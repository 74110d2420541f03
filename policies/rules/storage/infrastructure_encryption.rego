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
package amlscan.rules.storage_infrastructure_encryption

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition, the common case (an account to judge) first. rego-cpp charges for every
# statement, comprehension and call, and memoises nothing: each value is read once, here.
verdicts(inp) := {_ie_verdict(
	sec, sa, [{"path": "properties.encryption.requireInfrastructureEncryption", "found": enc, "expected": true}],
	enc, true in [count(tagged) > 0, hbi], ws_read,
)} if {
	sec := inp.storage_account
	sec.status == "ok"
	sa := sec.resource
	is_object(sa)
	enc := object.get(sa, ["properties", "encryption", "requireInfrastructureEncryption"], null)

	# The workspace counts only when it could be read (lib.resource); one comparison, no call.
	ws_read := [object.get(inp, ["workspace", "status"], null), is_object(object.get(inp, ["workspace", "resource"], null))] == ["ok", true]

	# Regulated data, as lib.regulated_with and lib.workspace_regulated_with: the account or the
	# workspace tagged with an allowed value (tag names case-insensitive), or an HBI workspace.
	sa_tags := object.get(sa, "tags", {})
	ws_tags := object.get(inp, ["workspace", "resource", "tags"], {})
	tagged := [value |
		some value in [
			object.get({lower(k): v | is_object(sa_tags); some k, v in sa_tags; is_string(k)}, _ie_tag, null),
			object.get({lower(k): v | ws_read; is_object(ws_tags); some k, v in ws_tags; is_string(k)}, _ie_tag, null),
		]
		is_string(value)
		lower(trim_space(value)) in _ie_allowed
	]
	hbi := [ws_read, object.get(inp, ["workspace", "resource", "properties", "hbiWorkspace"], null)] == [true, true]
} else := lib.assoc_verdicts(inp, "storage_account", "Microsoft.Storage/storageAccounts")

# The parameters, in package rules: rego-cpp evaluates them at each use, but a lib.params value
# handed through a function argument costs several times more.
_ie_tag := lower(lib.params.regulated_data_tag)

_ie_allowed contains lower(v) if {
	some v in lib.params.regulated_data_values
	is_string(v)
}

# The verdict, in the order of lib.judge for regulated data; other accounts pass when the workspace
# could be read to tell.
_ie_verdict(sec, sa, ev, enc, regulated, ws_read) := lib.unknown(sa.id, sa.type, "Could not resolve properties.encryption.requireInfrastructureEncryption.", ev) if {
	regulated == true
	"properties.encryption.requireInfrastructureEncryption" in sec.unresolved
} else := lib.pass(sa, "The account holds regulated data and uses infrastructure encryption.", ev) if {
	regulated == true
	enc == true
} else := lib.fail(sa, "The account holds regulated data but requireInfrastructureEncryption is false or absent (service default: false).", ev) if {
	regulated == true
} else := lib.pass(sa, "Neither the account nor the workspace is marked as holding regulated data; infrastructure encryption is not required.", ev) if {
	ws_read == true
} else := lib.unknown(sa.id, sa.type, "The workspace could not be read to tell whether the account holds regulated data.", ev)
