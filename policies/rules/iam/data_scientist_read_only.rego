# METADATA
# title: Data scientists have read-only access to the storage holding regulated data
# description: >-
#   In the healthcare scenario data scientists train on patient data but must not alter or delete
#   it: the source of truth stays intact and every change goes through a controlled pipeline. On a
#   storage account holding regulated data (the account or the workspace tagged as such, or a high
#   business impact workspace), no data scientist may hold a role with control-plane write or delete
#   actions or data write actions, directly or inherited. Data scientists are the principals listed
#   in the data_scientist_principal_ids parameter (user or group object ids) plus every principal
#   assigned the built-in AzureML Data Scientist role on the workspace. Storage that holds no
#   regulated data passes.
# custom:
#   id: AML-IAM-008
#   severity: high
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.312(c)(1)", "164.308(a)(3)(ii)(A)"]
#     gdpr: ["5(1)(f)", "25(2)", "32(4)"]
#   remediation:
#     text: Replace the data scientists' write roles on the storage account with Storage Blob Data Reader; let pipelines with their own identities write curated outputs to separate containers or accounts.
#     cli: az role assignment create --assignee <group-id> --role "Storage Blob Data Reader" --scope <storage-account-id> && az role assignment delete --assignee <group-id> --role "Storage Blob Data Contributor" --scope <storage-account-id>
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-assign-roles"]
package amlscan.rules.iam_data_scientist_read_only

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

_type := "Microsoft.Storage/storageAccounts"

verdicts_with(inp, _) := {lib.assoc_unknown(inp, "storage_account", _type)} if not lib.ok(lib.section(inp, "storage_account"))

verdicts_with(inp, _) := set() if lib.nothing_linked(lib.section(inp, "storage_account"))

verdicts_with(inp, p) := {_verdict3(inp, sa, p)} if sa := lib.resource(lib.section(inp, "storage_account"))

_ws(inp) := lib.resource(inp.workspace)

_regulated(inp, sa, p) if lib.regulated_with(sa, p)

_regulated(inp, _, p) if lib.workspace_regulated_with(_ws(inp), p)

# Data scientists by role on the workspace (lower-cased principal ids).
_by_role(inp) := {lower(lib.principal_id(item)) |
	some item in lib.items(lib.role_assignments(inp, _ws(inp).id))
	lib.role_definition_guid(item) == lib.data_scientist_role_guid
}

_scientists(inp, p) := {lower(id) | some id in p.data_scientist_principal_ids} | _by_role(inp)

_findings3(inp, sa, p) := {lib.assignment_label(item) |
	some item in lib.items(lib.role_assignments(inp, sa.id))
	lower(lib.principal_id(item)) in _scientists(inp, p)
	_writes(item)
}

_writes(item) if lib.role_grants_write(item.role_definition)

_writes(item) if lib.role_grants_data_write(item.role_definition)

_ev3(inp, sa, p) := [lib.evidence("role_assignments[principal in data scientists]", sort(_findings3(inp, sa, p)), "read-only roles only")]

_verdict3(inp, sa, p) := lib.pass(sa, "The storage account is not marked as holding regulated data.", []) if {
	lib.resource(inp.workspace)
	not _regulated(inp, sa, p)
}

_verdict3(inp, sa, p) := lib.unknown(sa.id, sa.type, "The workspace could not be read, so neither its data classification nor its data scientists are known.", []) if {
	not lib.resource(inp.workspace)
}

_verdict3(inp, sa, p) := lib.section_unknown(lib.role_assignments(inp, sa.id), "role_assignments", sa.id, sa.type) if {
	_regulated(inp, sa, p)
	lib.resource(inp.workspace)
	not lib.ok(lib.role_assignments(inp, sa.id))
}

_verdict3(inp, sa, p) := lib.section_unknown(lib.role_assignments(inp, _ws(inp).id), "role_assignments", sa.id, sa.type) if {
	_regulated(inp, sa, p)
	lib.ok(lib.role_assignments(inp, sa.id))
	not lib.ok(lib.role_assignments(inp, _ws(inp).id))
	count(p.data_scientist_principal_ids) == 0
}

_verdict3(inp, sa, p) := lib.unknown(sa.id, sa.type, "No data scientists are known: set data_scientist_principal_ids in amlscan.yaml or assign the AzureML Data Scientist role.", _ev3(inp, sa, p)) if {
	_regulated(inp, sa, p)
	lib.ok(lib.role_assignments(inp, sa.id))
	_scientists_known(inp, p)
	count(_scientists(inp, p)) == 0
}

_verdict3(inp, sa, p) := lib.pass(sa, "Data scientists hold only read-only roles on the regulated storage account.", _ev3(inp, sa, p)) if {
	_regulated(inp, sa, p)
	lib.ok(lib.role_assignments(inp, sa.id))
	_scientists_known(inp, p)
	count(_scientists(inp, p)) > 0
	count(_findings3(inp, sa, p)) == 0
}

_verdict3(inp, sa, p) := lib.fail(sa, concat("", ["Data scientists can write to or delete regulated data: ", concat(", ", sort(_findings3(inp, sa, p))), "."]), _ev3(inp, sa, p)) if {
	_regulated(inp, sa, p)
	lib.ok(lib.role_assignments(inp, sa.id))
	count(_findings3(inp, sa, p)) > 0
}

# The set of data scientists is complete: the workspace assignments were read, or ids are configured.
_scientists_known(inp, _) if lib.ok(lib.role_assignments(inp, _ws(inp).id))

_scientists_known(inp, p) if count(p.data_scientist_principal_ids) > 0
