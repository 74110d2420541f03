package amlscan.lib_test

import data.amlscan.lib

registries(section) := {"id": "/w", "context": {"subscription": {"subscription_id": "s", "ml_registries": section}}}

test_ml_registry_items_need_an_id if {
	items := lib.ml_registry_items with input as registries({"status": "ok", "items": [{"id": "/r1", "type": "T"}, {"name": "no id"}, {"id": 5}]})
	items == {[0, {"id": "/r1", "type": "Microsoft.MachineLearningServices/registries"}, {"id": "/r1", "type": "T"}]}
}

test_ml_registries_unknown if {
	v := lib.ml_registries_unknown with input as registries({"status": "error", "message": "declares none"})
	v.status == "unknown"
	v.message == "subscription.ml_registries could not be collected (error): declares none"
	w := lib.ml_registries_unknown with input as {"id": "/w", "context": {"subscription": null}}
	w.message == "subscription.ml_registries could not be collected (missing): section absent from snapshot"
	not lib.ml_registries_unknown with input as registries({"status": "ok", "items": []})
}

test_ml_registry_unresolved_by_index if {
	section := {"status": "ok", "items": [{"id": "/r0"}, {"id": "/r1"}], "unresolved": ["items[1].properties.publicNetworkAccess"]}
	lib.ml_registry_unresolved(1, ["properties.publicNetworkAccess"]) with input as registries(section)
	not lib.ml_registry_unresolved(0, ["properties.publicNetworkAccess"]) with input as registries(section)
	not lib.ml_registry_unresolved(1, ["location"]) with input as registries(section)
}
