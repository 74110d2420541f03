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
package amlscan.rules.monitoring_appinsights_local_auth

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

_type := "Microsoft.Insights/components"

# One definition: the judgement when the component is there, else nothing (none linked) or the
# section's unknown.
verdicts(inp) := {lib.judge(
	sec, r, ["properties.DisableLocalAuth"], disabled == true,
	"Local authentication is disabled.",
	"DisableLocalAuth is false or absent (service default: false): the instrumentation key alone can ingest telemetry.",
	[{"path": "properties.DisableLocalAuth", "found": disabled, "expected": true}],
)} if {
	sec := inp.application_insights
	sec.status == "ok"
	r := sec.resource
	is_object(r)
	disabled := object.get(r, ["properties", "DisableLocalAuth"], null)
} else := lib.assoc_verdicts(inp, "application_insights", _type)
