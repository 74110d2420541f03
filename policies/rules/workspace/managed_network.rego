# METADATA
# title: Workspace outbound traffic is isolated by the managed network or private networking
# description: >-
#   Managed network isolation decides where computes may send data. AllowOnlyApprovedOutbound
#   (only approved destinations) passes. AllowInternetOutbound lets code send data anywhere on the
#   internet and fails. Disabled, or an absent managedNetwork (the service default, Disabled),
#   passes only when the workspace is privately networked by the customer instead (public network
#   access Disabled and an approved private endpoint), and fails otherwise. The Azure Policy
#   built-in audits isolationMode against a parameter that defaults to Disabled, which inverts its
#   meaning; this rule matches it when that parameter is set to AllowOnlyApprovedOutbound, except
#   that a customer-managed private network also passes.
# custom:
#   id: AML-NET-004
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(e)(1)", "164.312(a)(1)"]
#     gdpr: ["5(1)(f)", "25(1)", "32(1)(b)"]
#   remediation:
#     text: Set the managed network isolation mode to AllowOnlyApprovedOutbound and add outbound rules for the destinations jobs need.
#     cli: az ml workspace update --name <workspace> --resource-group <rg> --managed-network allow_only_approved_outbound
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } }
#       }
#   references:
#     azure_policy: ["6ddb1705-c8cf-450e-aa4b-19ad6703c440"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-managed-network"]
package amlscan.rules.workspace.managed_network

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.unknown(lib.workspace, "The managed network isolation mode could not be resolved.", evidence) if unresolved

results contains lib.pass(lib.workspace, "Managed network isolation is AllowOnlyApprovedOutbound.", evidence) if {
	not unresolved
	lib.eq_ci(mode, "AllowOnlyApprovedOutbound")
}

results contains lib.fail(
	lib.workspace,
	"Managed network isolation is AllowInternetOutbound: jobs can send data to any internet destination.",
	evidence,
) if {
	not unresolved
	lib.eq_ci(mode, "AllowInternetOutbound")
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Unrecognised managed network isolation mode ", lib.text(mode), "."]),
	evidence,
) if {
	not unresolved
	not is_null(mode)
	not lower(lib.text(mode)) in {"allowonlyapprovedoutbound", "allowinternetoutbound", "disabled"}
}

# Isolation Disabled (or absent: the service default): the workspace must be privately networked,
# public network access Disabled and an approved private endpoint connection.
results contains lib.fail(lib.workspace, not_private, evidence) if {
	isolation_off
	not lib.eq_ci(public_access, "Disabled")
}

results contains lib.section_unknown(connections, "private_endpoint_connections", lib.workspace.id, lib.workspace.type) if {
	isolation_off
	lib.eq_ci(public_access, "Disabled")
	not connections.status == "ok"
}

results contains lib.pass(
	lib.workspace,
	"Managed network isolation is Disabled, but the workspace is privately networked (public access disabled, approved private endpoint).",
	evidence,
) if {
	isolation_off
	lib.eq_ci(public_access, "Disabled")
	approved_connection
}

results contains lib.fail(lib.workspace, not_private, evidence) if {
	isolation_off
	lib.eq_ci(public_access, "Disabled")
	lib.items(connections)
	not approved_connection
}

mode := object.get(lib.workspace, ["properties", "managedNetwork", "isolationMode"], null)

public_access := object.get(lib.workspace, ["properties", "publicNetworkAccess"], null)

isolation_off if {
	not unresolved
	is_null(mode)
}

isolation_off if {
	not unresolved
	lib.eq_ci(mode, "Disabled")
}

connections := object.get(input, "private_endpoint_connections", null)

approved_connection if {
	some connection in lib.items(connections)
	lib.eq_ci(connection.properties.privateLinkServiceConnectionState.status, "Approved")
}

not_private := "Managed network isolation is Disabled (or absent: the service default) and the workspace is not privately networked."

unresolved if lib.unresolved(input.workspace, ["properties.managedNetwork.isolationMode"])

evidence := [{
	"path": "properties.managedNetwork.isolationMode",
	"found": mode,
	"expected": "AllowOnlyApprovedOutbound (or Disabled with private networking)",
}]
