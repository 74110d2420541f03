# METADATA
# title: Container registry for regulated workloads is encrypted with a customer-managed key
# description: >-
#   Images built for a workspace that processes regulated data can contain code, model weights and
#   sample data. When the workspace is tagged as holding regulated data or is high business impact,
#   the registry must encrypt with a customer-managed key (encryption.status enabled); absent means
#   the service default, disabled (Microsoft-managed keys), which fails, as in the Azure Policy
#   built-in. Registries of other workspaces pass.
# custom:
#   id: AML-ACR-004
#   severity: low
#   resource_type: Microsoft.ContainerRegistry/registries
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["32(1)(a)"]
#   remediation:
#     text: Create a Premium registry with a customer-managed key (it can only be set at creation), move the images and link it to the workspace.
#     cli: az acr create --name <registry> --resource-group <rg> --sku Premium --identity <uai-id> --key-encryption-key <key-uri>
#   references:
#     azure_policy: ["5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580"]
#     docs: ["https://learn.microsoft.com/azure/container-registry/tutorial-enable-customer-managed-keys"]
package amlscan.rules.registry_customer_managed_key

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

verdicts(inp) := _acr_verdicts(inp, _acr_tag, _acr_allowed)

# The parameters, in package rules: rego-cpp evaluates them at each use, but a lib.params value
# handed through a function argument costs several times more.
_acr_tag := lower(lib.params.regulated_data_tag)

_acr_allowed contains lower(v) if {
	some v in lib.params.regulated_data_values
	is_string(v)
}

# With other parameters than data.amlscan.params (tests).
verdicts_with(inp, p) := _acr_verdicts(inp, lower(p.regulated_data_tag), {lower(v) | some v in p.regulated_data_values; is_string(v)})

# One definition, the common case (a registry to judge) first. rego-cpp charges for every
# statement, comprehension and call, and memoises nothing: each value is read once, here.
_acr_verdicts(inp, tag, allowed) := {_acr_verdict(
	sec, acr, [{"path": "properties.encryption.status", "found": enc, "expected": "enabled"}],
	enc, true in [count(tagged) > 0, hbi], ws_read,
)} if {
	sec := inp.container_registry
	sec.status == "ok"
	acr := sec.resource
	is_object(acr)
	enc := object.get(acr, ["properties", "encryption", "status"], null)

	# The workspace counts only when it could be read (lib.resource); one comparison, no call.
	ws_read := [object.get(inp, ["workspace", "status"], null), is_object(object.get(inp, ["workspace", "resource"], null))] == ["ok", true]

	# Regulated data, as lib.regulated_with and lib.workspace_regulated_with: the registry or the
	# workspace tagged with an allowed value (tag names case-insensitive), or an HBI workspace.
	acr_tags := object.get(acr, "tags", {})
	ws_tags := object.get(inp, ["workspace", "resource", "tags"], {})
	tagged := [value |
		some value in [
			object.get({lower(k): v | is_object(acr_tags); some k, v in acr_tags; is_string(k)}, tag, null),
			object.get({lower(k): v | ws_read; is_object(ws_tags); some k, v in ws_tags; is_string(k)}, tag, null),
		]
		is_string(value)
		lower(trim_space(value)) in allowed
	]
	hbi := [ws_read, object.get(inp, ["workspace", "resource", "properties", "hbiWorkspace"], null)] == [true, true]
} else := lib.assoc_verdicts(inp, "container_registry", "Microsoft.ContainerRegistry/registries")

# The verdict, in the order of lib.judge for regulated data; other registries pass when the
# workspace could be read to tell.
_acr_verdict(sec, acr, ev, enc, regulated, ws_read) := lib.unknown(acr.id, acr.type, "Could not resolve properties.encryption.status.", ev) if {
	regulated == true
	"properties.encryption.status" in sec.unresolved
} else := lib.pass(acr, "The registry of a regulated workspace uses a customer-managed key.", ev) if {
	regulated == true
	is_string(enc)
	lower(enc) == "enabled"
} else := lib.fail(acr, "The registry of a regulated workspace uses Microsoft-managed keys (encryption.status disabled or absent).", ev) if {
	regulated == true
} else := lib.pass(acr, "The workspace is not marked as holding regulated data; a customer-managed key is not required.", ev) if {
	ws_read == true
} else := lib.unknown(acr.id, acr.type, "The workspace could not be read to tell whether it holds regulated data.", ev)
