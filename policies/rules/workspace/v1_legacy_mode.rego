# METADATA
# title: Workspace does not keep the deprecated v1 API (v1 legacy mode is off)
# description: >-
#   v1LegacyMode true turns the v2 API platform off for the workspace and keeps the v1 behaviour,
#   where most operations go to the workspace itself and so stay behind its private endpoint. With
#   it off (false, or absent: the service default), v2 operations on jobs, datastores, models,
#   environments and endpoints go through public Azure Resource Manager, carrying their metadata and
#   parameters (resource ids, job settings) over TLS 1.2; the data in storage is not exposed, since
#   jobs in the virtual network reach it there. Legacy mode therefore keeps that metadata on the
#   private network, which is why the Azure Policy built-in e413671a asks for it. This rule still
#   prefers it off, because the v1 API it preserves is deprecated: support for CLI v1 ended on 30
#   September 2025 and for SDK v1 on 30 June 2026, after which Microsoft warns v1 clients may be
#   exposed to security risks, and legacy mode withholds v2 features such as managed online
#   endpoints. Fails only when v1LegacyMode is true; an organisation that needs the control-plane
#   metadata kept off the public network can keep legacy mode on and waive this finding.
# custom:
#   id: AML-NET-005
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(B)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: >-
#       Move the remaining v1 SDK and CLI workloads to v2, then set v1LegacyMode to false. Record in
#       the risk analysis that v2 operations send their metadata through public Azure Resource
#       Manager over TLS 1.2; if that is not acceptable, keep legacy mode on under a dated waiver
#       until the v1 clients are retired.
#     cli: az ml workspace update --name <workspace> --resource-group <rg> --v1-legacy-mode false
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { v1LegacyMode: false }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-configure-network-isolation-with-v2", "https://learn.microsoft.com/azure/machine-learning/how-to-migrate-from-v1"]
package amlscan.rules.workspace.v1_legacy_mode

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.could_not_resolve(ws, paths, evidence) if lib.unresolved(input.workspace, paths)

results contains lib.pass(
	ws,
	concat("", [
		"v1 legacy mode is off (false or absent, the service default): the workspace uses the v2 API, whose ",
		"operations send their metadata through public Azure Resource Manager over TLS 1.2.",
	]),
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	off
}

results contains lib.fail(
	ws,
	concat("", [
		"v1LegacyMode is true: the workspace keeps the deprecated v1 API and withholds v2 features; it does ",
		"keep v2 metadata on the private network, so waive this finding if that is why it is on.",
	]),
	evidence,
) if {
	not lib.unresolved(input.workspace, paths)
	not off
}

ws := lib.workspace

legacy := object.get(ws, ["properties", "v1LegacyMode"], null)

paths := ["properties.v1LegacyMode"]

evidence := [{"path": "properties.v1LegacyMode", "found": legacy, "expected": false}]

off if legacy != true
