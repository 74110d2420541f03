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
package amlscan.rules.governance.environment_separation

import data.amlscan.lib

# The environment tag (parameter environment_tag) of the workspace against its associated
# resources'. "prod,dev", "prod/dev" and "prod;dev" name two environments; known names are grouped
# (prod, production, prd; dev, development, test, sandbox), others kept as written.

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.unknown(
	lib.workspace,
	concat("", ["The workspace has no ", tag, " tag, so its environment is unknown."]),
	[{"path": concat("", ["tags.", tag]), "found": null, "expected": "one environment"}],
) if {
	not lib.nonempty(environment)
}

results contains lib.fail(
	lib.workspace,
	concat("", ["The workspace is tagged with several environments: ", environment, "."]),
	evidence,
) if {
	count(classes) > 1
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Associated resources belong to another environment: ", concat(", ", sort(mismatched)), "."]),
	evidence,
) if {
	count(classes) < 2
	count(mismatched) > 0
}

results contains lib.unknown(
	lib.workspace,
	concat("", ["Associated resources could not be collected, so their environment is unknown: ", concat(", ", sort(not_collected)), "."]),
	evidence,
) if {
	count(classes) < 2
	count(mismatched) == 0
	count(not_collected) > 0
}

results contains lib.pass(
	lib.workspace,
	"The workspace and its tagged associated resources belong to one environment.",
	evidence,
) if {
	count(classes) < 2
	count(mismatched) == 0
	count(not_collected) == 0
}

tag := lib.params.environment_tag

environment := object.get(lib.tags_ci(lib.workspace), lower(tag), null)

associated := ["storage_account", "key_vault", "container_registry", "application_insights"]

# The workspace's environments (one, unless it names several).
classes := environments(environment) if lib.nonempty(environment)

# The associated resources' environment tags (strings only), by section.
others[name] := value if {
	some name in associated
	value := lib.tag_value(lib.resource(input[name]), tag)
	is_string(value)
}

mismatched contains concat("", [name, "=", value]) if {
	some name, value in others
	value != environment # the same text names the same environments
	environments(value) != classes
}

not_collected contains name if {
	some name in associated
	section := input[name]
	is_object(section)
	not section.status == "ok"
}

environments(value) := {object.get(synonyms, name, name) |
	some part in regex.split(`[,;/|]`, value)
	name := lower(trim_space(part))
	name != ""
}

synonyms := {
	"prod": "production", "production": "production", "prd": "production",
	"dev": "development", "development": "development", "test": "development", "sandbox": "development",
}

evidence := [{
	"path": concat("", ["tags.", tag]),
	"found": {"workspace": environment, "associated": others, "not_collected": sort(not_collected)},
	"expected": "one environment, shared by every associated resource",
}]
