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

verdicts_with(inp, p) := {_ds_verdict(inp, sa, p)} if sa := lib.resource(lib.section(inp, "storage_account"))

# Each derived value is computed once and passed down (rego-cpp does not memoise functions); the
# branches are an else-chain so each guard is evaluated at most once.
_ds_verdict(inp, sa, _) := lib.unknown(sa.id, sa.type, "The workspace could not be read, so neither its data classification nor its data scientists are known.", []) if {
	not lib.resource(inp.workspace)
}

_ds_verdict(inp, sa, p) := _ds_judge(sa, ws, p, lib.role_assignments(inp, sa.id), lib.role_assignments(inp, ws.id)) if {
	ws := lib.resource(inp.workspace)
}

_ds_judge(sa, ws, p, sa_ras, ws_ras) := lib.pass(sa, "The storage account is not marked as holding regulated data.", []) if {
	not _ds_regulated(sa, ws, p)
} else := lib.section_unknown(sa_ras, "role_assignments", sa.id, sa.type) if {
	not lib.ok(sa_ras)
} else := _ds_judge_roles(sa, p, ws_ras, scientists, findings) if {
	scientists := {lower(id) | some id in p.data_scientist_principal_ids} | _by_role(ws_ras)
	findings := {lib.assignment_label(item) |
		some item in lib.items(sa_ras)
		lower(lib.principal_id(item)) in scientists
		_writes(item)
	}
}

_ds_judge_roles(sa, p, ws_ras, scientists, findings) := lib.fail(sa, concat("", ["Data scientists can write to or delete regulated data: ", concat(", ", sort(findings)), "."]), _ds_ev(findings)) if {
	count(findings) > 0
} else := lib.section_unknown(ws_ras, "role_assignments", sa.id, sa.type) if {
	not lib.ok(ws_ras)
	count(p.data_scientist_principal_ids) == 0
} else := lib.unknown(sa.id, sa.type, "No data scientists are known: set data_scientist_principal_ids in amlscan.yaml or assign the AzureML Data Scientist role.", _ds_ev(findings)) if {
	count(scientists) == 0
} else := lib.pass(sa, "Data scientists hold only read-only roles on the regulated storage account.", _ds_ev(findings))

_ds_regulated(sa, _, p) if lib.regulated_with(sa, p)

_ds_regulated(_, ws, p) if lib.workspace_regulated_with(ws, p)

# Data scientists by role on the workspace (lower-cased principal ids).
_by_role(ws_ras) := {lower(lib.principal_id(item)) |
	some item in lib.items(ws_ras)
	lib.role_definition_guid(item) == lib.data_scientist_role_guid
}

_writes(item) if lib.role_grants_write(item.role_definition)

_writes(item) if lib.role_grants_data_write(item.role_definition)

_ds_ev(findings) := [lib.evidence("role_assignments[principal in data scientists]", sort(findings), "read-only roles only")]
