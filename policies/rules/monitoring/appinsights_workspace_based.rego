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
#     gdpr: [30(1), 32(1)(d)]
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
#     docs: ['https://learn.microsoft.com/azure/azure-monitor/app/convert-classic-resource']
package amlscan.rules.monitoring_appinsights_workspace_based

import rego.v1

import data.amlscan.lib

results := verdicts(input)

_type := "Microsoft.Insights/components"

verdicts(inp) := {lib.assoc_unknown(inp, "application_insights", _type)} if not lib.ok(lib.section(inp, "application_insights"))

verdicts(inp) := set() if lib.nothing_linked(lib.section(inp, "application_insights"))

verdicts(inp) := {_verdict(sec, r)} if {
	sec := lib.section(inp, "application_insights")
	r := lib.resource(sec)
}

_verdict(sec, r) := lib.judge(
	sec, r, ["properties.WorkspaceResourceId"], _good(r),
	"The component is workspace-based.",
	"WorkspaceResourceId is not set: the component is classic.",
	[
		lib.evidence("properties.WorkspaceResourceId", lib.prop(r, ["properties", "WorkspaceResourceId"]), "a Log Analytics workspace id"),
	],
)

_good(r) := true if {
	lib.nonempty(lib.prop(r, ["properties", "WorkspaceResourceId"]))
} else := false
