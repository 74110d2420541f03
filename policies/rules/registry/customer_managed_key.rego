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

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

_type := "Microsoft.ContainerRegistry/registries"

verdicts_with(inp, _) := {lib.assoc_unknown(inp, "container_registry", _type)} if not lib.ok(lib.section(inp, "container_registry"))

verdicts_with(inp, _) := set() if lib.nothing_linked(lib.section(inp, "container_registry"))

verdicts_with(inp, p) := {_verdict4(inp, sec, acr, p)} if {
	sec := lib.section(inp, "container_registry")
	acr := lib.resource(sec)
}

_path := "properties.encryption.status"

_ev(acr) := [lib.evidence(_path, lib.prop(acr, ["properties", "encryption", "status"]), "enabled")]

_regulated(inp, acr, p) if lib.regulated_with(acr, p)

_regulated(inp, _, p) if lib.workspace_regulated_with(lib.resource(inp.workspace), p)

# An else-chain, so whether the data is regulated is worked out once (rego-cpp does not memoise).
_verdict4(inp, sec, acr, p) := lib.judge(
	sec, acr, [_path], _good(acr),
	"The registry of a regulated workspace uses a customer-managed key.",
	"The registry of a regulated workspace uses Microsoft-managed keys (encryption.status disabled or absent).",
	_ev(acr),
) if {
	_regulated(inp, acr, p)
} else := lib.pass(acr, "The workspace is not marked as holding regulated data; a customer-managed key is not required.", _ev(acr)) if {
	lib.resource(inp.workspace)
} else := lib.unknown(acr.id, acr.type, "The workspace could not be read to tell whether it holds regulated data.", _ev(acr))

_good(acr) := true if lib.eq_ci(lib.prop(acr, ["properties", "encryption", "status"]), "enabled") else := false
