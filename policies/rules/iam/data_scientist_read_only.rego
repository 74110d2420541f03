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
package amlscan.rules.iam.data_scientist_read_only

import data.amlscan.lib

# On a storage account holding regulated data (it or the workspace tagged so, or the workspace high
# business impact), data scientists (lib.data_scientists) hold read-only roles only.

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.unknown(
	account,
	"The workspace could not be read, so neither its data classification nor its data scientists are known.",
	[],
) if {
	not lib.workspace
}

results contains lib.pass(account, "The storage account is not marked as holding regulated data.", []) if {
	lib.workspace
	not regulated
}

results contains lib.section_unknown(account_assignments, "role_assignments", account.id, account.type) if {
	lib.workspace
	regulated
	not account_assignments.status == "ok"
}

results contains lib.fail(
	account,
	concat("", ["Data scientists can write to or delete regulated data: ", concat(", ", sort(findings)), "."]),
	evidence,
) if {
	judged
	count(findings) > 0
}

results contains lib.section_unknown(workspace_assignments, "role_assignments", account.id, account.type) if {
	judged
	count(findings) == 0
	scientists_unreadable
}

results contains lib.unknown(
	account,
	"No data scientists are known: set data_scientist_principal_ids in amlscan.yaml or assign the AzureML Data Scientist role.",
	evidence,
) if {
	judged
	count(findings) == 0
	not scientists_unreadable
	count(scientists) == 0
}

results contains lib.pass(account, "Data scientists hold only read-only roles on the regulated storage account.", evidence) if {
	judged
	count(findings) == 0
	not scientists_unreadable
	count(scientists) > 0
}

account := lib.resource(input.storage_account)

regulated if lib.regulated(account)

regulated if lib.regulated(lib.workspace)

regulated if object.get(lib.workspace, ["properties", "hbiWorkspace"], null) == true

# A regulated account whose role assignments could be read.
judged if {
	lib.workspace
	regulated
	account_assignments.status == "ok"
}

account_assignments := lib.by_id(lib.role_assignments, account.id)

workspace_assignments := lib.by_id(lib.role_assignments, lib.workspace.id)

scientists_unreadable if lib.data_scientists_unreadable

scientists := lib.data_scientists

# The data scientists' assignments on the account that can write.
findings := lib.data_scientist_writers(account_assignments)

evidence := [{"path": "role_assignments[principal in data scientists]", "found": sort(findings), "expected": "read-only roles only"}]
