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

# METADATA
# entrypoint: true
results := verdicts(input)

verdicts(inp) := _es_verdicts(inp, lib.params.environment_tag)

# One definition: a readable workspace judged first, else its unknown. Its tag value is read in the
# head, as before: a tag name conflict (two names differing only in case) stays an error.
_es_verdicts(inp, tag) := {_es_verdict(inp, ws, tag, object.get(lib.tags_ci(ws), lower(tag), null))} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

# A tagged workspace judged first, else an untagged one. The workspace's classes and the associated
# resources' tags are computed once and passed down (rego-cpp does not memoise functions).
_es_verdict(inp, ws, tag, value) := _es_judge(ws, value, classes, mismatched, unreadable, [{"path": concat("", ["tags.", tag]), "found": {"workspace": value, "associated": others, "not_collected": sort(unreadable)}, "expected": "one environment, shared by every associated resource"}]) if {
	is_string(value)
	trim_space(value) != ""
	classes := _es_classes(value)
	others := {name: v |
		some name in ["storage_account", "key_vault", "container_registry", "application_insights"]
		sec := inp[name]
		{"ok": true}[sec.status]
		res := sec.resource
		is_object(res)
		v := lib.tag_value(res, tag)
		is_string(v)
	}
	mismatched := {concat("", [n, "=", others[n]]) |
		some n in object.keys(others)
		not others[n] == value # the same text names the same environments
		_es_classes(others[n]) != classes
	}
	unreadable := {n |
		some n in ["storage_account", "key_vault", "container_registry", "application_insights"]
		sec := inp[n]
		is_object(sec)
		not sec.status == "ok"
	}
} else := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["The workspace has no ", tag, " tag, so its environment is unknown."]), "evidence": [{"path": concat("", ["tags.", tag]), "found": null, "expected": "one environment"}]}

# The environments named in one tag value: "prod,dev", "prod/dev" and "prod;dev" name two. Known
# names are grouped (prod, production, prd; dev, development, test, sandbox), others kept as written
# (trimmed, lower-cased).
_es_classes(value) := {object.get(
	{"prod": "production", "production": "production", "prd": "production", "dev": "development", "development": "development", "test": "development", "sandbox": "development"},
	name, name,
) |
	some part in regex.split(`[,;/|]`, value)
	name := lower(trim_space(part))
	name != ""
}

_es_judge(ws, value, classes, mismatched, unreadable, ev) := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["The workspace is tagged with several environments: ", value, "."]), "evidence": ev} if {
	count(classes) > 1
} else := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Associated resources belong to another environment: ", concat(", ", sort(mismatched)), "."]), "evidence": ev} if {
	count(mismatched) > 0
} else := {"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Associated resources could not be collected, so their environment is unknown: ", concat(", ", sort(unreadable)), "."]), "evidence": ev} if {
	count(unreadable) > 0
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "The workspace and its tagged associated resources belong to one environment.", "evidence": ev}
