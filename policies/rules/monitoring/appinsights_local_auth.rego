# METADATA
# title: Application Insights accepts only Microsoft Entra authenticated telemetry
# description: >-
#   With local authentication the instrumentation key alone lets anyone send (and forge) telemetry into
#   the workspace's monitoring data. DisableLocalAuth must be true; absent means the service default, false,
#   which fails, as in the Azure Policy built-in.
# custom:
#   id: AML-APPI-001
#   severity: low
#   resource_type: Microsoft.Insights/components
#   frameworks:
#     hipaa: [164.312(b)]
#     gdpr: [32(1)(b)]
#   remediation:
#     text: Disable local authentication on the Application Insights component.
#     cli: >-
#       az monitor app-insights component update --app <component> --resource-group <rg> --set properties.DisableLocalAuth=true
#     bicep: |-
#       resource appi 'Microsoft.Insights/components@2020-02-02' = {
#         properties: { DisableLocalAuth: true }
#       }
#   references:
#     azure_policy: [199d5677-e4d9-4264-9465-efe1839c06bd]
#     psrule: [Azure.AppInsights.LocalAuth]
#     docs: ['https://learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication']
package amlscan.rules.monitoring.appinsights_local_auth

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.application_insights

results contains lib.could_not_resolve(component, paths, evidence) if lib.unresolved(input.application_insights, paths)

results contains lib.pass(
	component,
	"Local authentication is disabled.",
	evidence,
) if {
	not lib.unresolved(input.application_insights, paths)
	disabled
}

results contains lib.fail(
	component,
	"DisableLocalAuth is false or absent (service default: false): the instrumentation key alone can ingest telemetry.",
	evidence,
) if {
	not lib.unresolved(input.application_insights, paths)
	not disabled
}

component := lib.resource(input.application_insights)

disable_local_auth := object.get(component, ["properties", "DisableLocalAuth"], null)

paths := ["properties.DisableLocalAuth"]

evidence := [{"path": "properties.DisableLocalAuth", "found": disable_local_auth, "expected": true}]

disabled if disable_local_auth == true
