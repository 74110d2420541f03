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
package amlscan.rules.monitoring.appinsights_workspace_based

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.application_insights

results contains lib.could_not_resolve(component, paths, evidence) if lib.unresolved(input.application_insights, paths)

results contains lib.pass(
	component,
	"The component is workspace-based.",
	evidence,
) if {
	not lib.unresolved(input.application_insights, paths)
	workspace_based
}

results contains lib.fail(
	component,
	"WorkspaceResourceId is not set: the component is classic.",
	evidence,
) if {
	not lib.unresolved(input.application_insights, paths)
	not workspace_based
}

component := lib.resource(input.application_insights)

law_id := object.get(component, ["properties", "WorkspaceResourceId"], null)

paths := ["properties.WorkspaceResourceId"]

evidence := [{"path": "properties.WorkspaceResourceId", "found": law_id, "expected": "a Log Analytics workspace id"}]

workspace_based if lib.nonempty(law_id)
