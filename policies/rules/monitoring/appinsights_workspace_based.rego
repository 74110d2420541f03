# METADATA
# title: Application Insights is workspace-based
# description: >-
#   Classic Application Insights keeps telemetry in a separate store with its own retention and access model;
#   a workspace-based component writes to a Log Analytics workspace, where retention, access control and
#   export are governed with the other logs. WorkspaceResourceId must be set; absent means a classic component,
#   which fails, as in the Azure Policy built-in.
# custom:
#   id: AML-APPI-002
#   severity: low
#   resource_type: Microsoft.Insights/components
#   frameworks:
#     hipaa: [164.312(b)]
#     gdpr: [32(1)(d)]
#   remediation:
#     text: Migrate the component to workspace-based Application Insights.
#     cli: >-
#       az monitor app-insights component update --app <component> --resource-group <rg> --workspace <log-analytics-id>
#     bicep: |-
#       resource appi 'Microsoft.Insights/components@2020-02-02' = {
#         properties: { WorkspaceResourceId: law.id, IngestionMode: 'LogAnalytics' }
#       }
#   references:
#     azure_policy: [d550e854-df1a-4de9-bf44-cd894b39a95e]
#     psrule: [Azure.AppInsights.Workspace]
#     docs: ['https://learn.microsoft.com/azure/azure-monitor/app/convert-classic-resource']
package amlscan.rules.monitoring_appinsights_workspace_based

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

_type := "Microsoft.Insights/components"

# One definition: the judgement when the component is there, else nothing (none linked) or the
# section's unknown. Good: a non-blank workspace id.
verdicts(inp) := {lib.judge(
	sec, r, ["properties.WorkspaceResourceId"], count({1 | is_string(law_id); trim_space(law_id) != ""}) == 1,
	"The component is workspace-based.",
	"WorkspaceResourceId is not set: the component is classic.",
	[{"path": "properties.WorkspaceResourceId", "found": law_id, "expected": "a Log Analytics workspace id"}],
)} if {
	sec := inp.application_insights
	sec.status == "ok"
	r := sec.resource
	is_object(r)
	law_id := object.get(r, ["properties", "WorkspaceResourceId"], null)
} else := lib.assoc_verdicts(inp, "application_insights", _type)
