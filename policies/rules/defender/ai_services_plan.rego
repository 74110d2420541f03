# METADATA
# title: Defender for AI services watches the AI services the workspace sends data to
# description: >-
#   A workspace connected to Azure OpenAI or other Azure AI services sends them prompts built from its
#   data (clinical notes, customer records). Microsoft Defender for AI services detects prompt injection,
#   jailbreak attempts, sensitive data leaking in answers and credential abuse on those resources. For
#   every connection of the workspace to an Azure AI resource (category AzureOpenAI, AIServices or
#   CognitiveService), the AI plan of the subscription the resource is in (its metadata.ResourceId) must
#   be at the Standard tier; Free, the service default, fails. Unknown for a connection that names no
#   resource id (only an endpoint URL, whose subscription is not known) and when the snapshot does not
#   hold the plan (another subscription's, or one infrastructure code does not declare: never taken as
#   off). Workspaces without such connections give no result.
# custom:
#   id: AML-DEF-004
#   severity: low
#   resource_type: Microsoft.Security/pricings
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(6)(ii)"]
#     gdpr: ["32(1)(b)", "33(1)"]
#   remediation:
#     text: Turn on Microsoft Defender for AI services in the subscriptions of the AI resources the workspace connects to, and record the resource id on each connection.
#     cli: az security pricing create --name AI --tier Standard
#     bicep: |-
#       resource ai 'Microsoft.Security/pricings@2024-01-01' = {
#         name: 'AI'
#         properties: { pricingTier: 'Standard' }
#       }
#   references:
#     azure_policy: ["c2c0c6d8-007b-4a48-8d9b-3539bddd8e87"]
#     docs: ["https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection"]
package amlscan.rules.defender.ai_services_plan

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.connections

results contains lib.unknown(
	{"id": connection.id, "type": "Microsoft.MachineLearningServices/workspaces/connections"},
	"The connection names no resource id (metadata.ResourceId), so the subscription of its AI resource, and its Defender plan, are not known.",
	[{"path": "properties.metadata", "found": object.get(connection, ["properties", "metadata"], null), "expected": resource_id_expected}],
) if {
	some connection in ai_connections
	lib.subscription_of(resource_id(connection)) == ""
}

results contains lib.defender_unknown(subscription, "AI") if {
	some subscription in subscriptions
	not lib.defender_plan(subscription, "AI")
}

results contains lib.pass(
	lib.defender_resource(subscription, "AI"),
	concat("", ["Defender for AI services is on in subscription ", subscription, ", where the workspace's AI connections point."]),
	lib.defender_evidence(subscription, "AI", []),
) if {
	some subscription in subscriptions
	lib.defender_on(lib.defender_plan(subscription, "AI"))
}

results contains lib.fail(
	lib.defender_resource(subscription, "AI"),
	concat("", ["Defender for AI services is off (Free, the service default) in subscription ", subscription, ", where the workspace's AI connections point."]),
	lib.defender_evidence(subscription, "AI", []),
) if {
	some subscription in subscriptions
	plan := lib.defender_plan(subscription, "AI")
	not lib.defender_on(plan)
}

# Connections to Azure AI resources (categories compare case-insensitively).
ai_connections contains connection if {
	some connection in lib.items(input.connections)
	category := lower(lib.text(object.get(connection, ["properties", "category"], "")))
	category in {"azureopenai", "aiservices", "cognitiveservice"}
}

# The connection's metadata.ResourceId (metadata keys are the user's: compared case-insensitively);
# null when it has none.
resource_id(connection) := ids[0] if {
	ids := [value |
		metadata := object.get(connection, ["properties", "metadata"], null)
		is_object(metadata)
		some key, value in metadata
		lower(key) == "resourceid"
	]
} else := null

# (A name, not a literal: the canonical table would file the path under this rule's resource type.)
resource_id_expected := "a ResourceId naming the AI resource"

subscriptions contains subscription if {
	some connection in ai_connections
	subscription := lib.subscription_of(resource_id(connection))
	subscription != ""
}
