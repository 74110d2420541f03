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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the datastores of an ok section, else the section's unknown. Each credentials type
# is read once and passed down (rego-cpp memoises nothing).
verdicts(inp) := {_dst_verdict(d, object.get(d, ["properties", "credentials", "credentialsType"], null)) |
	is_array(sec.items)
	some d in sec.items
} if {
	sec := inp.datastores
	sec.status == "ok"
} else := {lib.items_unknown(inp, "datastores", "Microsoft.MachineLearningServices/workspaces/datastores")}

_dst_verdict(d, creds) := lib.pass(d, "The datastore uses identity-based access (no stored credentials).", [{"path": "properties.credentials.credentialsType", "found": creds, "expected": "None"}]) if {
	is_string(creds)
	lower(creds) == "none"
} else := lib.fail(d, concat("", ["The datastore stores ", creds, " credentials instead of using identity-based access."]), [{"path": "properties.credentials.credentialsType", "found": creds, "expected": "None"}]) if {
	is_string(creds)
	trim_space(creds) != ""
} else := lib.unknown(d.id, d.type, "The datastore's credentials type was not reported.", [{"path": "properties.credentials.credentialsType", "found": null, "expected": "None"}])
