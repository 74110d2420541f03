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
package amlscan.rules.governance_storage_delete_lock

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the storage account's locks judged first, else none linked or its unknown. Each
# lock level is read once, for the verdict and the evidence.
verdicts(inp) := {_sdl_verdict(sa, sec, levels, [{"path": "locks[*].properties.level", "found": levels, "expected": "CanNotDelete or ReadOnly"}])} if {
	sasec := inp.storage_account
	{"ok": true}[sasec.status]
	sa := sasec.resource
	is_object(sa)
	sec := _sdl_locks(inp, sa.id)
	levels := [object.get(lock, ["properties", "level"], null) |
		{"ok": true}[sec.status]
		is_array(sec.items)
		some lock in sec.items
	]
} else := lib.assoc_verdicts(inp, "storage_account", "Microsoft.Storage/storageAccounts")

# The locks section of a resource, as lib.by_id(lib.section(inp, "locks"), id) in one call.
_sdl_locks(inp, id) := sec if {
	locks := inp.locks
	is_object(locks)
	sec := locks[lower(id)]
} else := {"status": "missing", "message": "section absent from snapshot"}

# CanNotDelete and ReadOnly stop deletion (case-insensitive, as lib.delete_locked).
_sdl_verdict(sa, sec, levels, ev) := lib.section_unknown(sec, "locks", sa.id, sa.type) if {
	not sec.status == "ok"
} else := {"status": "pass", "resource_id": sa.id, "resource_type": sa.type, "message": "A delete lock protects the storage account.", "evidence": ev} if {
	some level in levels
	is_string(level)
	{"cannotdelete": true, "readonly": true}[lower(level)]
} else := {"status": "fail", "resource_id": sa.id, "resource_type": sa.type, "message": "No CanNotDelete or ReadOnly lock applies to the storage account: deleting it would make the workspace unusable.", "evidence": ev}
