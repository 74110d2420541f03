package amlscan.lib_test

import data.amlscan.lib
import data.amlscan.test.inputs

test_workspace_only_when_collected if {
	lib.workspace.id == inputs.workspace_id with input as inputs.workspace_entry({})
	not lib.workspace with input as inputs.entry({"workspace": inputs.forbidden})
	not lib.workspace with input as inputs.entry({"workspace": inputs.ok(null)})
}

test_workspace_unknown_names_the_section if {
	v := lib.workspace_unknown with input as inputs.entry({"workspace": inputs.forbidden})
	v.status == "unknown"
	v.resource_id == inputs.workspace_id
	v.message == "workspace could not be collected (forbidden): AuthorizationFailed"
	not lib.workspace_unknown with input as inputs.workspace_entry({})
}

test_workspace_unknown_when_the_section_is_missing if {
	v := lib.workspace_unknown with input as {"id": "/entry"}
	v.resource_id == "/entry"
	v.message == "workspace could not be collected (missing): section absent from snapshot"
}

test_workspace_unknown_when_the_section_holds_no_workspace if {
	v := lib.workspace_unknown with input as inputs.entry({"workspace": inputs.ok(null)})
	v.message == "The snapshot holds no workspace resource: its section is ok but its resource is null."
}

test_workspace_id_falls_back_to_the_entry if {
	lib.workspace_id == "/entry" with input as {"id": "/entry", "workspace": {"status": "forbidden"}}
	lib.workspace_id == "/ws" with input as {"id": "/entry", "workspace": {"status": "ok", "resource": {"id": "/ws"}}}
}

test_resource_and_items_of_collected_sections_only if {
	lib.resource(inputs.ok({"id": "/r"})) == {"id": "/r"}
	not lib.resource(inputs.ok(null))
	not lib.resource(inputs.forbidden)
	not lib.resource(null)
	lib.items(inputs.collected([{"id": "/c"}])) == [{"id": "/c"}]
	not lib.items(inputs.forbidden)
}

test_unresolved if {
	lib.unresolved({"unresolved": ["location", "properties.a"]}, ["properties.a"])
	not lib.unresolved({"unresolved": ["location"]}, ["properties.a"])
	not lib.unresolved({}, ["properties.a"])
}

test_unresolved_object_covers_what_lies_under_it if {
	lib.unresolved({"unresolved": ["properties.encryption"]}, ["properties.encryption.status"])
	lib.unresolved({"unresolved": ["properties.ipRules"]}, ["properties.ipRules[0].value"])
	not lib.unresolved({"unresolved": ["properties.encryption"]}, ["properties.encryptionStatus"])
	not lib.unresolved({"unresolved": ["properties.encryption.status"]}, ["properties.encryption"])
	not lib.unresolved({"unresolved": [7]}, ["properties.a"])
}

item_section := {
	"status": "ok",
	"items": [{"id": "/a"}, {"id": "/b", "properties": {"x": null}}],
	"unresolved": ["items[1].properties.x", "items[0].properties.y.z"],
}

test_item_unresolved_by_the_index_of_the_item if {
	lib.item_unresolved(item_section, {"id": "/b", "properties": {"x": null}}, ["properties.x"])
	lib.item_unresolved(item_section, {"id": "/b", "properties": {"x": null}}, ["properties.w", "properties.x"])
	not lib.item_unresolved(item_section, {"id": "/a"}, ["properties.x"])
	not lib.item_unresolved(item_section, {"id": "/b", "properties": {"x": null}}, ["properties.y.z"])
	not lib.item_unresolved(item_section, {"id": "/c"}, ["properties.x"])
}

test_item_unresolved_object_covers_what_lies_under_it if {
	lib.item_unresolved({"items": [{}, {}, {"id": "/c"}], "unresolved": ["items[2].properties"]}, {"id": "/c"}, ["properties.a.b"])
	lib.item_unresolved({"items": [{"id": "/c"}], "unresolved": ["items[0]"]}, {"id": "/c"}, ["properties.a"])
	not lib.item_unresolved({"items": [{"id": "/c"}], "unresolved": ["items[0].properties.a"]}, {"id": "/c"}, ["properties.ab"])
	not lib.item_unresolved({"items": [{"id": "/c"}], "unresolved": ["items[0].properties.a.b"]}, {"id": "/c"}, ["properties.a"])

	# items[1] does not cover items[10].
	items := [{"id": i} | some i in numbers.range(0, 10)]
	not lib.item_unresolved({"items": items, "unresolved": ["items[1]"]}, {"id": 10}, ["properties.a"])
	lib.item_unresolved({"items": items, "unresolved": ["items[10]"]}, {"id": 10}, ["properties.a"])
}

test_item_unresolved_is_total if {
	not lib.item_unresolved({"items": [{"id": "/c"}]}, {"id": "/c"}, ["properties.a"])
	not lib.item_unresolved({"items": [{"id": "/c"}], "unresolved": []}, {"id": "/c"}, ["properties.a"])
	not lib.item_unresolved({"items": [{"id": "/c"}], "unresolved": "items[0]"}, {"id": "/c"}, ["properties.a"])
	not lib.item_unresolved({"items": [{"id": "/c"}], "unresolved": [7, null]}, {"id": "/c"}, ["properties.a"])
	not lib.item_unresolved({"items": {"k": {"id": "/c"}}, "unresolved": ["items[0]"]}, {"id": "/c"}, ["properties.a"])
	not lib.item_unresolved({"items": [{"id": "/c"}], "unresolved": ["items[0]"]}, {"id": "/c"}, "properties.a")
	not lib.item_unresolved({"items": [{"id": "/c"}], "unresolved": ["items[0].a"]}, {"id": "/c"}, [7])
	not lib.item_unresolved(null, {"id": "/c"}, ["properties.a"])
	not lib.item_unresolved("section", {"id": "/c"}, ["properties.a"])
	not lib.item_unresolved(7, {"id": "/c"}, ["properties.a"])
}

test_not_collected_names_the_looked_up_resource if {
	kv := lib.not_collected.key_vault with input as inputs.entry({"key_vault": {"status": "not_found", "resource_id": "/kv", "message": "gone"}})
	kv.resource_id == "/kv"
	kv.resource_type == "Microsoft.KeyVault/vaults"

	# No resource id recorded, or the section missing: the workspace.
	missing := lib.not_collected.storage_account with input as inputs.workspace_entry({})
	missing.resource_id == inputs.workspace_id
	missing.message == "storage_account could not be collected (missing): section absent from snapshot"
	not lib.not_collected.storage_account with input as inputs.entry({"storage_account": inputs.ok(null)})
}

test_not_collected_list_sections_are_on_the_workspace if {
	v := lib.not_collected.computes with input as inputs.entry({"workspace": inputs.forbidden, "computes": inputs.forbidden})
	v.resource_id == inputs.workspace_id
	v.resource_type == "Microsoft.MachineLearningServices/workspaces/computes"
	not lib.not_collected.computes with input as inputs.entry({"computes": inputs.collected([])})
}

test_by_id_is_case_insensitive if {
	lib.by_id({"/subscriptions/a/x": {"status": "ok"}}, "/Subscriptions/A/X").status == "ok"
	lib.by_id({}, "/x").status == "missing"
	lib.by_id(null, "/x").status == "missing"
}

test_compute_kind if {
	lib.compute_kind({"properties": {"computeType": "AmlCompute"}}) == "amlcompute"
	lib.compute_kind({"properties": {"computeType": 5}}) == ""
	lib.compute_kind({"properties": null}) == ""
}

test_project if {
	lib.project({"kind": "Project"})
	not lib.project({"kind": "hub"})
	not lib.project({"kind": 5})
	not lib.project({})
	not lib.project("project")
}

test_infrastructure_code if {
	lib.infrastructure_code with input as {"context": {"source": {"kind": "ARM-Template"}}}
	lib.infrastructure_code with input as {"context": {"source": {"kind": "terraform-plan"}}}
	not lib.infrastructure_code with input as {"context": {"source": {"kind": "live"}}}
	not lib.infrastructure_code with input as {"context": {"source": {"kind": 5}}}
	not lib.infrastructure_code with input as {}
}
