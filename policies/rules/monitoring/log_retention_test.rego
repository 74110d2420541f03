package amlscan.rules.monitoring.log_retention_test

import data.amlscan.lib
import data.amlscan.rules.monitoring.log_retention as rule
import data.amlscan.test.inputs

law_id := "/subscriptions/s/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/law-central"

law(id, props) := {"status": "ok", "resource": {"id": id, "type": "Microsoft.OperationalInsights/workspaces", "properties": props}}

# A diagnostic setting of the ML workspace sending its audit logs to `destination`.
to(destination) := {"name": "diag", "properties": {"workspaceId": destination, "logs": [{"categoryGroup": "audit", "enabled": true}]}}

# A workspace entry whose diagnostic settings are `settings` and whose destinations are `destinations`.
entry(settings, destinations) := inputs.entry({
	"workspace": inputs.ok(inputs.workspace({})),
	"diagnostic_settings": {lower(inputs.workspace_id): inputs.collected(settings)},
	"log_analytics_destinations": destinations,
})

destination(id, props) := entry([to(id)], {lower(id): law(id, props)})

one_destination(props) := destination(law_id, props)

with_central(id) := object.union(lib.param_defaults, {"central_log_analytics_workspace_id": id})

test_pass_365 if inputs.only(rule.results).status == "pass" with input as one_destination({"retentionInDays": 365})

test_fail_90_default_parameter if {
	v := inputs.only(rule.results) with input as one_destination({"retentionInDays": 90})
	v.status == "fail"
	v.resource_id == law_id
}

test_fail_absent_is_30_days if inputs.only(rule.results).status == "fail" with input as one_destination({})

test_parameter_lowers_threshold if {
	inputs.only(rule.results).status == "pass" with input as one_destination({"retentionInDays": 90})
		with data.amlscan.params as object.union(lib.param_defaults, {"min_log_retention_days": 90})
}

test_fail_non_number_counts_as_default if {
	v := inputs.only(rule.results) with input as one_destination({"retentionInDays": "400"})
	v.status == "fail"
	v.message == "Logs are kept for only 30 days (absent means 30, the service default); required: 365."
	v.evidence[0].found == "400"
}

test_unknown_when_unresolved if {
	section := {"status": "ok", "unresolved": ["properties.retentionInDays"], "resource": {"id": law_id, "type": "T", "properties": {}}}
	inputs.only(rule.results).status == "unknown" with input as entry([to(law_id)], {lower(law_id): section})
}

# The destinations of the diagnostic settings are judged, not the workspace behind Application
# Insights (log_analytics_workspace), which the old rule judged.
test_judges_the_diagnostic_settings_destination_not_application_insights if {
	appi_law := law("/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/appi-law", {"retentionInDays": 730})
	doc := object.union(one_destination({"retentionInDays": 30}), {"log_analytics_workspace": appi_law})
	v := inputs.only(rule.results) with input as doc
	v.status == "fail"
	v.resource_id == law_id
}

test_every_destination_is_judged if {
	other := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-team"
	doc := entry(
		[to(law_id), to(upper(other))],
		{lower(law_id): law(law_id, {"retentionInDays": 400}), lower(other): law(other, {"retentionInDays": 60})},
	)
	rs := rule.results with input as doc
	{[r.resource_id, r.status] | some r in rs} == {[law_id, "pass"], [other, "fail"]}
}

test_unknown_when_a_destination_could_not_be_read if {
	section := {"status": "forbidden", "resource_id": law_id, "message": "AuthorizationFailed"}
	v := inputs.only(rule.results) with input as entry([to(law_id)], {lower(law_id): section})
	v.status == "unknown"
	v.resource_id == law_id
	startswith(v.message, concat("", ["log_analytics_destinations[", lower(law_id), "] could not be collected (forbidden)"]))
}

test_unknown_when_the_snapshot_holds_no_destinations if {
	doc := json.remove(one_destination({"retentionInDays": 365}), ["log_analytics_destinations"])
	v := inputs.only(rule.results) with input as doc
	v.status == "unknown"
	v.resource_id == lower(law_id)
}

test_unknown_when_the_diagnostic_settings_could_not_be_read if {
	doc := inputs.entry({"diagnostic_settings": {lower(inputs.workspace_id): inputs.forbidden}})
	v := inputs.only(rule.results) with input as doc
	v.status == "unknown"
	v.resource_id == inputs.workspace_id
	v.evidence[0].path == "diagnostic_settings.status"
}

test_unknown_when_a_destination_is_known_only_at_deployment if {
	section := {"status": "ok", "items": [to(null)], "unresolved": ["items[0].properties.workspaceId"]}
	doc := inputs.entry({"diagnostic_settings": {lower(inputs.workspace_id): section}, "log_analytics_destinations": {}})
	v := inputs.only(rule.results) with input as doc
	v.status == "unknown"
	v.resource_id == inputs.workspace_id
}

test_no_result_when_logs_go_nowhere_in_log_analytics if {
	metrics_only := {"name": "m", "properties": {"workspaceId": law_id, "metrics": [{"category": "AllMetrics", "enabled": true}]}}
	count(rule.results) == 0 with input as entry([metrics_only], {lower(law_id): law(law_id, {})})
	count(rule.results) == 0 with input as entry([], {})
}

test_central_workspace_reached if {
	rs := rule.results with input as one_destination({"retentionInDays": 365}) with data.amlscan.params as with_central(upper(law_id))
	{[r.resource_id, r.status] | some r in rs} == {[law_id, "pass"], [inputs.workspace_id, "pass"]}
}

test_central_workspace_not_reached if {
	central := "/subscriptions/s/resourceGroups/sec/providers/Microsoft.OperationalInsights/workspaces/law-soc"
	rs := rule.results with input as one_destination({"retentionInDays": 365}) with data.amlscan.params as with_central(central)
	some r in rs
	r.resource_id == inputs.workspace_id
	r.status == "fail"
	r.evidence[0].found == [lower(law_id)]
}

test_central_workspace_required_when_there_are_no_settings if {
	v := inputs.only(rule.results) with input as entry([], {}) with data.amlscan.params as with_central(law_id)
	v.status == "fail"
}

test_central_workspace_unknown_when_a_destination_is_known_only_at_deployment if {
	section := {"status": "ok", "items": [to(null)], "unresolved": ["items[0].properties.workspaceId"]}
	doc := inputs.entry({"diagnostic_settings": {lower(inputs.workspace_id): section}})
	inputs.only(rule.results).status == "unknown" with input as doc with data.amlscan.params as with_central(law_id)
}
