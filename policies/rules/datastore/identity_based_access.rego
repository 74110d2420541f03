# METADATA
# title: Datastores use identity-based access, not account keys or SAS tokens
# description: >-
#   A datastore with stored credentials (account key, SAS token, service principal secret,
#   certificate) lets everyone in the workspace reach the data with a shared secret that identifies
#   nobody, bypassing the storage account's per-user RBAC and audit. Identity-based datastores
#   (credentials.credentialsType None) pass the caller's or the workspace's Entra identity to storage.
#   Every other credentials type fails; the datastore type's default when created from the studio
#   with a key is AccountKey.
# custom:
#   id: AML-DST-001
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces/datastores
#   frameworks:
#     hipaa: ["164.312(a)(2)(i)", "164.312(d)", "164.308(a)(4)"]
#     gdpr: ["32(1)(b)", "32(4)"]
#   remediation:
#     text: Recreate the datastore without credentials (identity-based access) and grant users Storage Blob Data roles on the account.
#     cli: az ml datastore create --file datastore.yml --workspace-name <workspace> --resource-group <rg>   # datastore.yml without a credentials section
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-data-access"]
package amlscan.rules.datastore.identity_based_access

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.datastores

results contains lib.could_not_resolve(datastore, paths, evidence(credentials(datastore))) if {
	some datastore in lib.items(input.datastores)
	lib.item_unresolved(input.datastores, datastore, paths)
}

results contains lib.pass(
	datastore,
	"The datastore uses identity-based access (no stored credentials).",
	evidence(credentials(datastore)),
) if {
	some datastore in resolved
	lib.eq_ci(credentials(datastore), "None")
}

results contains lib.fail(
	datastore,
	concat("", ["The datastore stores ", credentials(datastore), " credentials instead of using identity-based access."]),
	evidence(credentials(datastore)),
) if {
	some datastore in resolved
	not lib.eq_ci(credentials(datastore), "None")
	lib.nonempty(credentials(datastore))
}

results contains lib.unknown(datastore, "The datastore's credentials type was not reported.", evidence(null)) if {
	some datastore in resolved
	not lib.nonempty(credentials(datastore))
}

# The datastores whose credentials type is not unresolved (IaC).
resolved contains datastore if {
	some datastore in lib.items(input.datastores)
	not lib.item_unresolved(input.datastores, datastore, paths)
}

paths := ["properties.credentials.credentialsType"]

credentials(datastore) := object.get(datastore, ["properties", "credentials", "credentialsType"], null)

evidence(found) := [{"path": "properties.credentials.credentialsType", "found": found, "expected": "None"}]
