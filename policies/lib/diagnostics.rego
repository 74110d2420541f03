package amlscan.lib

# Diagnostic settings (Microsoft.Insights/diagnosticSettings) of a resource: where they send logs.

# The resource log categories Microsoft.MachineLearningServices/workspaces exposes, lower-cased, as
# Azure Monitor documents them: "Supported logs for Microsoft.MachineLearningServices/workspaces",
# https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-machinelearningservices-workspaces-logs
# (26 categories). The collector does not read the categories a workspace exposes
# (GET {workspace}/providers/Microsoft.Insights/diagnosticSettingsCategories), so this list stands
# for them: a category Azure adds later is not asked for until it is added here.
workspace_log_categories := {
	"amlcomputeclusterevent", "amlcomputeclusternodeevent", "amlcomputecpugpuutilization",
	"amlcomputejobevent", "amlrunstatuschangedevent", "computeinstanceevent",
	"datalabelchangeevent", "datalabelreadevent", "datasetchangeevent", "datasetreadevent",
	"datastorechangeevent", "datastorereadevent", "deploymenteventaci", "deploymenteventaks",
	"deploymentreadevent", "environmentchangeevent", "environmentreadevent",
	"inferencingoperationaci", "inferencingoperationaks", "modelsactionevent", "modelschangeevent",
	"modelsreadevent", "pipelinechangeevent", "pipelinereadevent", "runevent", "runreadevent",
}

# The Log Analytics workspace a diagnostic setting sends to: its properties.workspaceId when that is
# a string with something in it.
log_analytics_destination(setting) := id if {
	id := setting.properties.workspaceId
	nonempty(id)
}

# The enabled log entries of a setting (a category or a categoryGroup with enabled true).
enabled_logs(setting) := [log |
	some log in arr(setting.properties.logs)
	log.enabled == true
]
