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
package amlscan.rules.datastore_identity_based_access

import rego.v1

import data.amlscan.lib

results := verdicts(input)

_type := "Microsoft.MachineLearningServices/workspaces/datastores"

verdicts(inp) := {lib.list_unknown(inp, "datastores", _type)} if not lib.ok(lib.section(inp, "datastores"))

verdicts(inp) := {_verdict1(d) | some d in lib.items(lib.section(inp, "datastores"))} if lib.ok(lib.section(inp, "datastores"))

_path := "properties.credentials.credentialsType"

_value(d) := lib.prop(d, ["properties", "credentials", "credentialsType"])

_verdict1(d) := lib.pass(d, "The datastore uses identity-based access (no stored credentials).", [lib.evidence(_path, _value(d), "None")]) if lib.eq_ci(_value(d), "None")

_verdict1(d) := lib.fail(d, concat("", ["The datastore stores ", lib.text(_value(d)), " credentials instead of using identity-based access."]), [lib.evidence(_path, _value(d), "None")]) if {
	lib.nonempty(_value(d))
	not lib.eq_ci(_value(d), "None")
}

_verdict1(d) := lib.unknown(d.id, d.type, "The datastore's credentials type was not reported.", [lib.evidence(_path, null, "None")]) if not lib.nonempty(_value(d))
