# METADATA
# title: Data scientists have read-only access to every datastore's storage holding regulated data
# description: >-
#   AML-IAM-008 judges the workspace's own storage account, but training data usually lives in other
#   accounts the workspace reaches through datastores (a data lake, a curated extract). On every storage
#   account a blob, Data Lake Gen2 or file datastore points at, other than the workspace's own, that holds
#   regulated data (the account or the workspace tagged as such, or a high business impact workspace), no
#   data scientist may hold a role with control-plane write or delete actions or data write actions,
#   directly or inherited: the role assignments that apply at the account are judged. Data scientists are
#   those of AML-IAM-008 (the data_scientist_principal_ids parameter and every holder of the AzureML Data
#   Scientist role on the workspace). A separate rule because its evidence is separate: the accounts and
#   their assignments are collected per datastore, and infrastructure code never holds the inherited
#   assignments (unknown there). Unknown for a datastore whose storage account is not known (Data Lake
#   Gen1, OneLake, or an account name that could not be resolved). Storage that holds no regulated data
#   passes.
# custom:
#   id: AML-IAM-009
#   severity: high
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.312(c)(1)", "164.308(a)(3)(ii)(A)"]
#     gdpr: ["5(1)(f)", "25(2)", "32(4)"]
#   remediation:
#     text: On every storage account a datastore of the workspace points at, replace the data scientists' write roles with Storage Blob Data Reader; let pipelines with their own identities write curated outputs to separate containers or accounts.
#     cli: az role assignment create --assignee <group-id> --role "Storage Blob Data Reader" --scope <datastore-storage-account-id> && az role assignment delete --assignee <group-id> --role "Storage Blob Data Contributor" --scope <datastore-storage-account-id>
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-datastore", "https://learn.microsoft.com/azure/machine-learning/how-to-assign-roles"]
package amlscan.rules.iam.datastore_data_scientist_read_only

import data.amlscan.lib

# Every account of lib.datastore_account_ids but the workspace's own (AML-IAM-008 judges that one),
# judged like AML-IAM-008 on the assignments of datastore_role_assignments.

# METADATA
# entrypoint: true
results contains lib.section_unknown(targets, "datastore_targets", lib.workspace_id, lib.workspace_type) if {
	not targets.status == "ok"
}

results contains lib.unknown(
	{"id": datastore.id, "type": datastore_type},
	concat("", ["The storage account datastore ", datastore.name, " points at is not known (", datastore.note, "), so neither is who can write to its data."]),
	[{"path": "datastore_targets[].storage_account_id", "found": null, "expected": "a storage account id"}],
) if {
	some datastore in lib.unresolved_datastores
}

results contains lib.unknown(
	account(id),
	"The workspace could not be read, so neither its data classification nor its data scientists are known.",
	[],
) if {
	not lib.workspace
	some id in accounts
}

# Whether an account holds regulated data is known from the workspace when it is regulated, else
# only from the account.
results contains lib.section_unknown(section(id), "datastore_storage_accounts", account(id).id, account_type) if {
	lib.workspace
	not workspace_regulated
	some id in accounts
	not lib.resource(section(id))
}

results contains lib.pass(account(id), "The storage account is not marked as holding regulated data.", []) if {
	lib.workspace
	not workspace_regulated
	some id in accounts
	lib.resource(section(id))
	not lib.regulated(lib.resource(section(id)))
}

results contains lib.section_unknown(assignments(id), "datastore_role_assignments", account(id).id, account_type) if {
	some id in regulated
	not assignments(id).status == "ok"
}

results contains lib.fail(
	account(id),
	concat("", ["Data scientists can write to or delete regulated data: ", concat(", ", sort(found)), "."]),
	evidence(found),
) if {
	some id, found in writers
	count(found) > 0
}

results contains lib.section_unknown(lib.by_id(lib.role_assignments, lib.workspace.id), "role_assignments", account(id).id, account_type) if {
	lib.data_scientists_unreadable
	some id, found in writers
	count(found) == 0
}

results contains lib.unknown(
	account(id),
	"No data scientists are known: set data_scientist_principal_ids in amlscan.yaml or assign the AzureML Data Scientist role.",
	evidence(found),
) if {
	not lib.data_scientists_unreadable
	count(lib.data_scientists) == 0
	some id, found in writers
	count(found) == 0
}

results contains lib.pass(account(id), "Data scientists hold only read-only roles on the regulated storage account.", evidence(found)) if {
	not lib.data_scientists_unreadable
	count(lib.data_scientists) > 0
	some id, found in writers
	count(found) == 0
}

targets := object.get(input, "datastore_targets", null)

datastore_type := "Microsoft.MachineLearningServices/workspaces/datastores"

account_type := "Microsoft.Storage/storageAccounts"

accounts := lib.datastore_account_ids - lib.default_storage_ids

section(id) := lib.datastore_account_section(id)

account(id) := {"id": lib.account_id(section(id), id), "type": "Microsoft.Storage/storageAccounts"}

assignments(id) := lib.by_id(lib.datastore_role_assignments, id)

workspace_regulated if lib.regulated(lib.workspace)

workspace_regulated if object.get(lib.workspace, ["properties", "hbiWorkspace"], null) == true

# The accounts holding regulated data: all of them when the workspace is regulated, else those tagged so.
regulated contains id if {
	lib.workspace
	workspace_regulated
	some id in accounts
}

regulated contains id if {
	lib.workspace
	some id in accounts
	lib.regulated(lib.resource(section(id)))
}

# The data scientists' writing assignments on each regulated account whose assignments could be read.
writers[id] := lib.data_scientist_writers(assignments(id)) if {
	some id in regulated
	assignments(id).status == "ok"
}

evidence(found) := [{"path": "datastore_role_assignments[principal in data scientists]", "found": sort(found), "expected": "read-only roles only"}]
