# METADATA
# title: Workspace storage account is protected by a delete lock
# description: >-
#   Deleting the workspace's storage account destroys its datasets, models and run outputs and
#   leaves the workspace unusable. A CanNotDelete (or ReadOnly) lock on the account, or inherited
#   from its resource group or subscription, prevents that. Resources have no lock by default.
# custom:
#   id: AML-GOV-002
#   severity: medium
#   resource_type: Microsoft.Storage/storageAccounts
#   frameworks:
#     hipaa: ["164.312(c)(1)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Add a CanNotDelete lock to the storage account (or its resource group).
#     cli: az lock create --name lock-<storage> --lock-type CanNotDelete --resource <storage-account-id>
#     bicep: |-
#       resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
#         scope: storage
#         name: 'lock-${storage.name}'
#         properties: { level: 'CanNotDelete' }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources"]
package amlscan.rules.governance.storage_delete_lock

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.storage_account

results contains lib.section_unknown(applied, "locks", account.id, account.type) if {
	not applied.status == "ok"
}

results contains lib.pass(account, "A delete lock protects the storage account.", evidence) if {
	applied.status == "ok"
	delete_locked
}

results contains lib.fail(
	account,
	"No CanNotDelete or ReadOnly lock applies to the storage account: deleting it would make the workspace unusable.",
	evidence,
) if {
	applied.status == "ok"
	not delete_locked
}

account := lib.resource(input.storage_account)

applied := lib.by_id(lib.locks, account.id)

# The locks that apply (a list section), and the level of each (CanNotDelete and ReadOnly stop deletion).
levels := [object.get(lock, ["properties", "level"], null) | some lock in lib.items(applied)]

delete_locked if {
	some level in levels
	is_string(level)
	lower(level) in {"cannotdelete", "readonly"}
}

evidence := [{"path": "locks[*].properties.level", "found": levels, "expected": "CanNotDelete or ReadOnly"}]
