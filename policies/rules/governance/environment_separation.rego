# METADATA
# title: Production and development do not share a workspace or its resources
# description: >-
#   Separate workspaces per environment keep development experiments away from production data.
#   The workspace's environment tag (the environment_tag parameter, default environment) must name
#   one environment, and every associated resource that carries the tag (storage account, key vault,
#   container registry, Application Insights) must carry the same value: a production workspace on a
#   development storage account, or a workspace tagged both, fails. Production values: prod,
#   production, prd; development values: dev, development, test, sandbox. A workspace with no
#   environment tag is unknown (AML-GOV-005 reports the missing tag).
# custom:
#   id: AML-GOV-006
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.312(a)(1)"]
#     gdpr: ["25(2)", "32(1)(b)"]
#   remediation:
#     text: Give production and development separate workspaces with separate storage accounts, key vaults and registries, and tag each with its single environment.
#   references:
#     docs: ["https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/ai-machine-learning-resource-organization"]
package amlscan.rules.governance_environment_separation

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := verdicts_with(inp, lib.params)

verdicts_with(inp, _) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts_with(inp, p) := {_verdict3(inp, ws, p)} if ws := lib.resource(inp.workspace)

_prod := {"prod", "production", "prd"}

_dev := {"dev", "development", "test", "sandbox"}

_class(value) := "production" if lower(trim_space(value)) in _prod

_class(value) := "development" if lower(trim_space(value)) in _dev

_class(value) := lower(trim_space(value)) if {
	not lower(trim_space(value)) in _prod
	not lower(trim_space(value)) in _dev
}

# Values in one tag: "prod,dev", "prod/dev" and "prod;dev" name two environments.
_classes(value) := {_class(part) | some part in regex.split(`[,;/|]`, value); trim_space(part) != ""}

_assoc := ["storage_account", "key_vault", "container_registry", "application_insights"]

_others(inp, p) := {name: lib.tag_value(res, p.environment_tag) |
	some name in _assoc
	res := lib.resource(lib.section(inp, name))
	is_string(lib.tag_value(res, p.environment_tag))
}

_ev3(inp, ws, p) := [lib.evidence(concat("", ["tags.", p.environment_tag]), {"workspace": lib.tag_value(ws, p.environment_tag), "associated": _others(inp, p)}, "one environment, shared by every associated resource")]

_verdict3(_, ws, p) := lib.unknown(ws.id, ws.type, concat("", ["The workspace has no ", p.environment_tag, " tag, so its environment is unknown."]), [lib.evidence(concat("", ["tags.", p.environment_tag]), null, "one environment")]) if {
	not lib.nonempty(lib.tag_value(ws, p.environment_tag))
}

_verdict3(inp, ws, p) := lib.fail(ws, concat("", ["The workspace is tagged with several environments: ", lib.tag_value(ws, p.environment_tag), "."]), _ev3(inp, ws, p)) if {
	lib.nonempty(lib.tag_value(ws, p.environment_tag))
	count(_classes(lib.tag_value(ws, p.environment_tag))) > 1
}

_verdict3(inp, ws, p) := lib.fail(ws, concat("", ["Associated resources belong to another environment: ", concat(", ", sort(_mismatched(inp, ws, p))), "."]), _ev3(inp, ws, p)) if {
	lib.nonempty(lib.tag_value(ws, p.environment_tag))
	count(_classes(lib.tag_value(ws, p.environment_tag))) == 1
	count(_mismatched(inp, ws, p)) > 0
}

_verdict3(inp, ws, p) := lib.pass(ws, "The workspace and its tagged associated resources belong to one environment.", _ev3(inp, ws, p)) if {
	lib.nonempty(lib.tag_value(ws, p.environment_tag))
	count(_classes(lib.tag_value(ws, p.environment_tag))) == 1
	count(_mismatched(inp, ws, p)) == 0
}

_mismatched(inp, ws, p) := {concat("", [name, "=", value]) |
	some name in _assoc
	res := lib.resource(lib.section(inp, name))
	value := lib.tag_value(res, p.environment_tag)
	is_string(value)
	_classes(value) != _classes(lib.tag_value(ws, p.environment_tag))
}
