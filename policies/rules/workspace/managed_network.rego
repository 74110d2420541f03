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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judgement when the workspace is readable, else the workspace unknown. (An
# ok workspace section without a resource object gives no verdict, as before.)
verdicts(inp) := {_mn_verdict(inp, sec, ws, mode, lower(lib.text(mode)), [{
	"path": "properties.managedNetwork.isolationMode",
	"found": mode,
	"expected": "AllowOnlyApprovedOutbound (or Disabled with private networking)",
}])} if {
	sec := inp.workspace
	sec.status == "ok"
	ws := sec.resource
	is_object(ws)
	mode := object.get(ws, ["properties", "managedNetwork", "isolationMode"], null)
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

# m is the mode as lower-cased text: a non-string never matches a mode name (its text is JSON-like),
# and null ("null") is told apart from the string "null" by is_null. The private networking checks
# come last since they only matter when isolation is Disabled or absent. No verdict when the
# private endpoint connections section is ok without an item list (as before).
_mn_verdict(inp, sec, ws, mode, m, ev) := {
	"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "The managed network isolation mode could not be resolved.",
} if {
	"properties.managedNetwork.isolationMode" in sec.unresolved
} else := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "Managed network isolation is AllowOnlyApprovedOutbound.",
} if {
	m == "allowonlyapprovedoutbound"
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "Managed network isolation is AllowInternetOutbound: jobs can send data to any internet destination.",
} if {
	m == "allowinternetoutbound"
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": concat("", ["Unrecognised managed network isolation mode ", lib.text(mode), "."]),
} if {
	not is_null(mode)
	m != "disabled"
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "Managed network isolation is Disabled (or absent: the service default) and the workspace is not privately networked.",
} if {
	# Disabled or absent from here on; public network access must be Disabled.
	lower(lib.text(object.get(ws, ["properties", "publicNetworkAccess"], null))) != "disabled"
} else := lib.section_unknown(pecs, "private_endpoint_connections", ws.id, ws.type) if {
	pecs := lib.section(inp, "private_endpoint_connections")
	not lib.ok(pecs)
} else := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "Managed network isolation is Disabled, but the workspace is privately networked (public access disabled, approved private endpoint).",
} if {
	items := inp.private_endpoint_connections.items
	is_array(items)
	some pec in items
	state := pec.properties.privateLinkServiceConnectionState.status
	is_string(state)
	lower(state) == "approved"
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "Managed network isolation is Disabled (or absent: the service default) and the workspace is not privately networked.",
} if {
	is_array(inp.private_endpoint_connections.items)
}
