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

verdicts_with(inp, p) := {_es_verdict(inp, ws, p, object.get(lib.tags_ci(ws), lower(p.environment_tag), null))} if {
	ws := lib.resource(inp.workspace)
}

_prod := {"prod", "production", "prd"}

_dev := {"dev", "development", "test", "sandbox"}

_class(value) := _classify(lower(trim_space(value)))

_classify(v) := "production" if {
	v in _prod
} else := "development" if {
	v in _dev
} else := v

# Values in one tag: "prod,dev", "prod/dev" and "prod;dev" name two environments.
_classes(value) := {_class(part) | some part in regex.split(`[,;/|]`, value); trim_space(part) != ""}

_assoc := ["storage_account", "key_vault", "container_registry", "application_insights"]

# The workspace's tag, its classes and the associated resources' tags are computed once and passed
# down (rego-cpp does not memoise functions).
_es_verdict(_, ws, p, value) := lib.unknown(ws.id, ws.type, concat("", ["The workspace has no ", p.environment_tag, " tag, so its environment is unknown."]), [lib.evidence(concat("", ["tags.", p.environment_tag]), null, "one environment")]) if {
	not lib.nonempty(value)
}

_es_verdict(inp, ws, p, value) := _es_judge(ws, value, classes, mismatched, unreadable, ev) if {
	lib.nonempty(value)
	classes := _classes(value)
	others := {name: v |
		some name in _assoc
		res := lib.resource(inp[name])
		v := lib.tag_value(res, p.environment_tag)
		is_string(v)
	}
	mismatched := {concat("", [n, "=", others[n]]) |
		some n in object.keys(others)
		_classes(others[n]) != classes
	}
	unreadable := {n | some n in _assoc; sec := inp[n]; is_object(sec); not lib.ok(sec)}
	ev := [lib.evidence(concat("", ["tags.", p.environment_tag]), {"workspace": value, "associated": others, "not_collected": sort(unreadable)}, "one environment, shared by every associated resource")]
}

_es_judge(ws, value, classes, mismatched, unreadable, ev) := lib.fail(ws, concat("", ["The workspace is tagged with several environments: ", value, "."]), ev) if {
	count(classes) > 1
} else := lib.fail(ws, concat("", ["Associated resources belong to another environment: ", concat(", ", sort(mismatched)), "."]), ev) if {
	count(mismatched) > 0
} else := lib.unknown(ws.id, ws.type, concat("", ["Associated resources could not be collected, so their environment is unknown: ", concat(", ", sort(unreadable)), "."]), ev) if {
	count(unreadable) > 0
} else := lib.pass(ws, "The workspace and its tagged associated resources belong to one environment.", ev)
