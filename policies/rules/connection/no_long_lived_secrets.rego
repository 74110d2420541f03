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
package amlscan.rules.connection.no_long_lived_secrets

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.connections

results contains lib.could_not_resolve(connection, paths, evidence(auth_type(connection))) if {
	some connection in lib.items(input.connections)
	lib.item_unresolved(input.connections, connection, paths)
}

results contains lib.pass(
	connection,
	concat("", ["The connection authenticates with ", auth_type(connection), " and stores no long-lived secret."]),
	evidence(auth_type(connection)),
) if {
	some connection in resolved
	identity_based(connection)
}

results contains lib.fail(
	connection,
	concat("", ["The connection stores a long-lived secret (authType ", auth_type(connection), ")."]),
	evidence(auth_type(connection)),
) if {
	some connection in resolved
	not identity_based(connection)
	lib.nonempty(auth_type(connection))
}

results contains lib.unknown(connection, "The connection's authType was not reported.", evidence(null)) if {
	some connection in resolved
	not identity_based(connection)
	not lib.nonempty(auth_type(connection))
}

# The connections whose authType is not unresolved (IaC).
resolved contains connection if {
	some connection in lib.items(input.connections)
	not lib.item_unresolved(input.connections, connection, paths)
}

paths := ["properties.authType"]

auth_type(connection) := object.get(connection, ["properties", "authType"], null)

identity_based(connection) if lower(lib.text(auth_type(connection))) in {"aad", "managedidentity", "none"}

evidence(found) := [{"path": "properties.authType", "found": found, "expected": "AAD or ManagedIdentity"}]
