# Builders of readable test inputs, shared by the rules' tests: `rule.results with input as
# inputs.workspace_entry({"publicNetworkAccess": "Disabled"})`. A _test.rego file, so it never ships.
package amlscan.test.inputs

workspace_id := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w"

workspace(properties) := {"id": workspace_id, "type": "Microsoft.MachineLearningServices/workspaces", "properties": properties}

# A workspace entry: the entry's id and the given sections.
entry(sections) := object.union({"id": workspace_id}, sections)

# A workspace entry whose workspace has the given properties.
workspace_entry(properties) := entry({"workspace": ok(workspace(properties))})

# Sections: collected with a resource (null: nothing linked) or items, or refused.
ok(resource) := {"status": "ok", "resource": resource}

collected(items) := {"status": "ok", "items": items}

forbidden := {"status": "forbidden", "message": "AuthorizationFailed"}

# The one verdict of a rule's results (undefined unless there is exactly one).
only(results) := verdict if {
	count(results) == 1
	some verdict in results
}
