package amlscan.lib_test

import data.amlscan.lib

_ok(res) := {"status": "ok", "resource": res}

_grs := {"id": "/s/st1", "location": "westeurope", "sku": {"name": "Standard_RAGRS"}, "properties": {"secondaryLocation": "northeurope"}}

test_a_storage_secondary_region_is_placed if {
	places := lib.dependency_places with input as {"storage_account": _ok(_grs)}
	{"what": "storage secondary st1", "location": "northeurope"} in places
}

test_a_geo_redundant_account_without_its_secondary_region_is_a_gap if {
	account := json.remove(_grs, ["properties/secondaryLocation"])
	gaps := lib.dependency_gaps with input as {"storage_account": _ok(account)}
	some gap in gaps
	startswith(gap, "storage secondary st1")
}

test_registry_replicas_are_placed if {
	registries := {"status": "ok", "items": [{
		"id": "/s/registries/reg1", "location": "westeurope",
		"properties": {"regionDetails": [{"location": "East US"}]},
	}]}
	places := lib.dependency_places with input as {"context": {"subscription": {"ml_registries": registries}}}
	{"what": "registry reg1", "location": "westeurope"} in places
	{"what": "registry reg1 replica", "location": "eastus"} in places
}

test_sections_not_collected_are_gaps if {
	gaps := lib.dependency_gaps with input as {"storage_account": {"status": "forbidden"}}
	"storage_account (forbidden)" in gaps
	"subscription.ml_registries (missing)" in gaps
}

test_a_named_encryption_resource_missing_from_the_snapshot_is_a_gap if {
	ws := {"id": "/w", "properties": {"encryption": {"cosmosDbResourceId": "/s/cosmos1"}}}
	gaps := lib.dependency_gaps with input as {"workspace": _ok(ws)}
	"encryption_cosmos_db (missing)" in gaps
	not "encryption_search_service (missing)" in lib.dependency_gaps with input as {"workspace": _ok(ws)}
}

test_dependencies_are_total if {
	lib.dependency_places == set() with input as {"storage_account": 5, "context": "x", "batch_endpoints": [1]}
}
