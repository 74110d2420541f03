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
#     hipaa: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#     gdpr: ["32(1)(b)", "32(1)(c)"]
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

results := verdicts(input)

_type := "Microsoft.Storage/storageAccounts"

verdicts(inp) := {lib.assoc_unknown(inp, "storage_account", _type)} if not lib.ok(lib.section(inp, "storage_account"))

verdicts(inp) := set() if lib.nothing_linked(lib.section(inp, "storage_account"))

verdicts(inp) := {_verdict(lib.by_id(lib.section(inp, "locks"), sa.id), sa)} if sa := lib.resource(lib.section(inp, "storage_account"))

_ev(sec) := [lib.evidence("locks[*].properties.level", [lib.prop(l, ["properties", "level"]) | some l in lib.items(sec)], "CanNotDelete or ReadOnly")]

_verdict(sec, sa) := lib.section_unknown(sec, "locks", sa.id, sa.type) if not lib.ok(sec)

_verdict(sec, sa) := lib.pass(sa, "A delete lock protects the storage account.", _ev(sec)) if lib.delete_locked(sec)

_verdict(sec, sa) := lib.fail(sa, "No CanNotDelete or ReadOnly lock applies to the storage account: deleting it would make the workspace unusable.", _ev(sec)) if {
	lib.ok(sec)
	not lib.delete_locked(sec)
}
