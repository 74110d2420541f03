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
package amlscan.rules.workspace_managed_network

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict3(inp, inp.workspace, ws)} if ws := lib.resource(inp.workspace)

_path := "properties.managedNetwork.isolationMode"

_mode(ws) := lib.prop(ws, ["properties", "managedNetwork", "isolationMode"])

_ev(ws) := [lib.evidence(_path, _mode(ws), "AllowOnlyApprovedOutbound (or Disabled with private networking)")]

_verdict3(_, sec, ws) := lib.unknown(ws.id, ws.type, "The managed network isolation mode could not be resolved.", _ev(ws)) if {
	lib.unresolved(sec, _path)
}

_verdict3(_, sec, ws) := lib.pass(ws, "Managed network isolation is AllowOnlyApprovedOutbound.", _ev(ws)) if {
	not lib.unresolved(sec, _path)
	lib.eq_ci(_mode(ws), "AllowOnlyApprovedOutbound")
}

_verdict3(_, sec, ws) := lib.fail(ws, "Managed network isolation is AllowInternetOutbound: jobs can send data to any internet destination.", _ev(ws)) if {
	not lib.unresolved(sec, _path)
	lib.eq_ci(_mode(ws), "AllowInternetOutbound")
}

_verdict3(inp, sec, ws) := lib.pass(ws, "Managed network isolation is Disabled, but the workspace is privately networked (public access disabled, approved private endpoint).", _ev(ws)) if {
	not lib.unresolved(sec, _path)
	_disabled(ws)
	_private(inp, ws) == "yes"
}

_verdict3(inp, sec, ws) := lib.fail(ws, "Managed network isolation is Disabled (or absent: the service default) and the workspace is not privately networked.", _ev(ws)) if {
	not lib.unresolved(sec, _path)
	_disabled(ws)
	_private(inp, ws) == "no"
}

_verdict3(inp, sec, ws) := lib.section_unknown(lib.section(inp, "private_endpoint_connections"), "private_endpoint_connections", ws.id, ws.type) if {
	not lib.unresolved(sec, _path)
	_disabled(ws)
	_private(inp, ws) == "unknown"
}

_verdict3(_, sec, ws) := lib.fail(ws, concat("", ["Unrecognised managed network isolation mode ", lib.text(_mode(ws)), "."]), _ev(ws)) if {
	not lib.unresolved(sec, _path)
	not _known_mode(_mode(ws))
}

_known_mode(mode) if mode == null

_known_mode(mode) if {
	some known in ["AllowOnlyApprovedOutbound", "AllowInternetOutbound", "Disabled"]
	lib.eq_ci(mode, known)
}

_disabled(ws) if _mode(ws) == null

_disabled(ws) if lib.eq_ci(_mode(ws), "Disabled")

_private(_, ws) := "no" if not lib.eq_ci(lib.prop(ws, ["properties", "publicNetworkAccess"]), "Disabled")

_private(inp, ws) := "unknown" if {
	lib.eq_ci(lib.prop(ws, ["properties", "publicNetworkAccess"]), "Disabled")
	not lib.ok(lib.section(inp, "private_endpoint_connections"))
}

_private(inp, ws) := "yes" if {
	lib.eq_ci(lib.prop(ws, ["properties", "publicNetworkAccess"]), "Disabled")
	some pec in lib.items(lib.section(inp, "private_endpoint_connections"))
	lib.eq_ci(lib.prop(pec, ["properties", "privateLinkServiceConnectionState", "status"]), "Approved")
}

_private(inp, ws) := "no" if {
	lib.eq_ci(lib.prop(ws, ["properties", "publicNetworkAccess"]), "Disabled")
	pecs := lib.items(lib.section(inp, "private_endpoint_connections"))
	count([pec | some pec in pecs; lib.eq_ci(lib.prop(pec, ["properties", "privateLinkServiceConnectionState", "status"]), "Approved")]) == 0
}
