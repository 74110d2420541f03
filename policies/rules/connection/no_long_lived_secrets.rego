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

results := verdicts(input)

_type := "Microsoft.MachineLearningServices/workspaces/connections"

verdicts(inp) := {lib.list_unknown(inp, "connections", _type)} if not lib.ok(lib.section(inp, "connections"))

verdicts(inp) := {_verdict1(c) | some c in lib.items(lib.section(inp, "connections"))} if lib.ok(lib.section(inp, "connections"))

_path := "properties.authType"

_value(c) := lib.prop(c, ["properties", "authType"])

_identity(v) if {
	some t in ["AAD", "ManagedIdentity", "None"]
	lib.eq_ci(v, t)
}

_verdict1(c) := lib.pass(c, concat("", ["The connection authenticates with ", _value(c), " and stores no long-lived secret."]), [lib.evidence(_path, _value(c), "AAD or ManagedIdentity")]) if _identity(_value(c))

_verdict1(c) := lib.fail(c, concat("", ["The connection stores a long-lived secret (authType ", lib.text(_value(c)), ")."]), [lib.evidence(_path, _value(c), "AAD or ManagedIdentity")]) if {
	lib.nonempty(_value(c))
	not _identity(_value(c))
}

_verdict1(c) := lib.unknown(c.id, c.type, "The connection's authType was not reported.", [lib.evidence(_path, null, "AAD or ManagedIdentity")]) if not lib.nonempty(_value(c))
