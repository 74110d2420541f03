# METADATA
# title: Workspace connections use Microsoft Entra identity rather than stored secrets
# description: >-
#   Connections to Azure OpenAI, AI Search, storage, registries and other services can hold API
#   keys, account keys, SAS tokens, personal access tokens or passwords: long-lived secrets shared by
#   everyone who uses the connection. Connections pass when authType is AAD or ManagedIdentity (or
#   None, which stores no secret); any other authType fails. Connections have no default authType.
# custom:
#   id: AML-CON-001
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces/connections
#   frameworks:
#     hipaa: ["164.312(d)", "164.312(a)(2)(i)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Recreate the connection with Microsoft Entra ID authentication (authType AAD, useWorkspaceManagedIdentity where supported) and rotate the old secret.
#     cli: az ml connection create --file connection.yml --workspace-name <workspace> --resource-group <rg>   # connection.yml with credentials type aad
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-connection"]
package amlscan.rules.connection_no_long_lived_secrets

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the connections of an ok section, else the section's unknown. Each auth type is
# read once and passed down (rego-cpp memoises nothing).
verdicts(inp) := {_conn_verdict(c, object.get(c, ["properties", "authType"], null)) |
	is_array(sec.items)
	some c in sec.items
} if {
	sec := inp.connections
	sec.status == "ok"
} else := {lib.items_unknown(inp, "connections", "Microsoft.MachineLearningServices/workspaces/connections")}

_conn_verdict(c, auth) := lib.pass(c, concat("", ["The connection authenticates with ", auth, " and stores no long-lived secret."]), [{"path": "properties.authType", "found": auth, "expected": "AAD or ManagedIdentity"}]) if {
	is_string(auth)
	lower(auth) in {"aad", "managedidentity", "none"}
} else := lib.fail(c, concat("", ["The connection stores a long-lived secret (authType ", auth, ")."]), [{"path": "properties.authType", "found": auth, "expected": "AAD or ManagedIdentity"}]) if {
	is_string(auth)
	trim_space(auth) != ""
} else := lib.unknown(c.id, c.type, "The connection's authType was not reported.", [{"path": "properties.authType", "found": null, "expected": "AAD or ManagedIdentity"}])
