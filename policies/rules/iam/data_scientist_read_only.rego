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

# METADATA
# entrypoint: true
results := verdicts(input)

verdicts(inp) := _ds_verdicts(inp, lib.params.data_scientist_principal_ids, _ds_tag, _ds_allowed)

# The regulated-data parameters, in package rules: rego-cpp evaluates them at each use, but a
# lib.params value handed through a function argument costs several times more.
_ds_tag := lower(lib.params.regulated_data_tag)

_ds_allowed contains lower(v) if {
	some v in lib.params.regulated_data_values
	is_string(v)
}

# With other parameters than data.amlscan.params (tests).
verdicts_with(inp, p) := _ds_verdicts(inp, p.data_scientist_principal_ids, lower(p.regulated_data_tag), {lower(v) | some v in p.regulated_data_values; is_string(v)})

# One definition: a storage account and a workspace to judge first, then an unreadable workspace,
# then no storage account linked or its unknown.
_ds_verdicts(inp, ids, tag, allowed) := {_ds_judge(sa, ws, ids, tag, allowed, lib.role_assignments(inp, sa.id), lib.role_assignments(inp, ws.id))} if {
	sasec := inp.storage_account
	{"ok": true}[sasec.status]
	sa := sasec.resource
	is_object(sa)
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
} else := {{"status": "unknown", "resource_id": sa.id, "resource_type": sa.type, "message": "The workspace could not be read, so neither its data classification nor its data scientists are known.", "evidence": []}} if {
	sasec := inp.storage_account
	{"ok": true}[sasec.status]
	sa := sasec.resource
	is_object(sa)
	not lib.resource(lib.section(inp, "workspace"))
} else := lib.assoc_verdicts(inp, "storage_account", "Microsoft.Storage/storageAccounts")

# Regulated data, as lib.regulated_with on the account and lib.workspace_regulated_with on the
# workspace (all three tests evaluated): an allowed value of the tag (name case-insensitive), or an
# HBI workspace. Then the data scientists, configured or holding the AzureML Data Scientist role
# (f6c7c914-...) on the workspace, and their assignments on the account that write.
_ds_judge(sa, ws, ids, tag, allowed, sa_ras, ws_ras) := {"status": "pass", "resource_id": sa.id, "resource_type": sa.type, "message": "The storage account is not marked as holding regulated data.", "evidence": []} if {
	# Tags by lower-cased name, outside the comprehension: tag names that differ only in case with
	# different values are an error, as they were (rego-cpp drops an error inside a comprehension).
	sa_tags := lib.tags_ci(sa)
	ws_tags := lib.tags_ci(ws)
	tagged := [value |
		some value in [object.get(sa_tags, tag, null), object.get(ws_tags, tag, null)]
		is_string(value)
		allowed[lower(trim_space(value))]
	]
	count(tagged) == 0
	not object.get(ws, ["properties", "hbiWorkspace"], null) == true
} else := lib.section_unknown(sa_ras, "role_assignments", sa.id, sa.type) if {
	not sa_ras.status == "ok"
} else := _ds_judge_roles(sa, ids, ws_ras, scientists, findings, [{"path": "role_assignments[principal in data scientists]", "found": sort(findings), "expected": "read-only roles only"}]) if {
	scientists := {lower(id) | some id in ids} | {lower(principal) |
		{"ok": true}[ws_ras.status]
		is_array(ws_ras.items)
		some item in ws_ras.items
		props := lib.assignment_props(item)
		role := object.get(props, "roleDefinitionId", "")
		is_string(role)
		lower(regex.replace(role, `^.*/`, "")) == "f6c7c914-8db3-469d-8ca1-694a8f32e121"
		principal := object.get(props, "principalId", "")
		is_string(principal)
	}
	findings := {lib.assignment_label(item) |
		is_array(sa_ras.items)
		some item in sa_ras.items
		principal := object.get(lib.assignment_props(item), "principalId", "")
		is_string(principal)
		pid := lower(principal)

		# The role definition of a data scientist's assignment only: rego-cpp runs a statement as
		# soon as its variables are bound, so the write test must depend on the match.
		rd := {pid: item.role_definition}[scientists[pid]]
		lib.role_grants_any_write(rd)
	}
}

_ds_judge_roles(sa, ids, ws_ras, scientists, findings, ev) := {"status": "fail", "resource_id": sa.id, "resource_type": sa.type, "message": concat("", ["Data scientists can write to or delete regulated data: ", concat(", ", sort(findings)), "."]), "evidence": ev} if {
	count(findings) > 0
} else := lib.section_unknown(ws_ras, "role_assignments", sa.id, sa.type) if {
	not ws_ras.status == "ok"
	count(ids) == 0
} else := {"status": "unknown", "resource_id": sa.id, "resource_type": sa.type, "message": "No data scientists are known: set data_scientist_principal_ids in amlscan.yaml or assign the AzureML Data Scientist role.", "evidence": ev} if {
	count(scientists) == 0
} else := {"status": "pass", "resource_id": sa.id, "resource_type": sa.type, "message": "Data scientists hold only read-only roles on the regulated storage account.", "evidence": ev}
