package amlscan.rules.residency.dependency_regions_test

import data.amlscan.lib
import data.amlscan.rules.residency.dependency_regions as rule

account(id, location, sku, secondary) := {"id": id, "type": "Microsoft.Storage/storageAccounts", "location": location, "sku": {"name": sku}, "properties": {"secondaryLocation": secondary}}

# A workspace in West Europe whose storage is geo-redundant to North Europe, with a lake datastore,
# a registry, a Log Analytics destination and a batch endpoint, all in the given regions.
entry(regions) := {
	"id": "/w",
	"workspace": {"status": "ok", "resource": {"id": "/w", "type": "Microsoft.MachineLearningServices/workspaces", "location": "westeurope", "properties": {"storageAccount": sa}}},
	"storage_account": {"status": "ok", "resource": account(sa, "westeurope", "Standard_RAGRS", regions.secondary)},
	"datastore_targets": {"status": "ok", "items": [{"datastore": "workspaceblobstore", "storage_account_id": sa}, {"datastore": "lake", "storage_account_id": lake}]},
	"datastore_storage_accounts": {lower(sa): {"status": "ok", "resource": account(sa, "westeurope", "Standard_RAGRS", regions.secondary)}, lower(lake): {"status": "ok", "resource": account(lake, regions.lake, "Standard_ZRS", null)}},
	"log_analytics_destinations": {lower(law): {"status": "ok", "resource": {"id": law, "type": "Microsoft.OperationalInsights/workspaces", "location": regions.law}}},
	"batch_endpoints": {"status": "ok", "items": [{"id": "/w/batchEndpoints/be", "location": regions.batch}]},
	"encryption_cosmos_db": {"status": "ok", "resource": null},
	"encryption_search_service": {"status": "ok", "resource": null},
	"encryption_storage_account": {"status": "ok", "resource": null},
	"context": {"subscription": {"subscription_id": "s1", "ml_registries": {"status": "ok", "items": [{
		"id": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/registries/reg",
		"location": "westeurope",
		"properties": {"regionDetails": [{"location": "westeurope"}, {"location": regions.replica}]},
	}]}}},
} if {
	sa := "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
	lake := "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake"
	law := "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"
}

eu := {"secondary": "northeurope", "lake": "West Europe", "law": "westeurope", "batch": "westeurope", "replica": "northeurope"}

only(rs) := v if {
	count(rs) == 1
	some v in rs
}

test_pass_everything_in_the_eu if {
	v := only(rule.results) with input as entry(eu)
	v.status == "pass"
	v.evidence[0].found == [
		"batch endpoint be: westeurope", "datastore account lake: westeurope", "log destination law: westeurope",
		"registry reg replica: northeurope", "registry reg replica: westeurope", "registry reg: westeurope",
		"storage secondary st: northeurope",
	]
}

test_fail_registry_replica_in_the_us if {
	v := only(rule.results) with input as entry(object.union(eu, {"replica": "eastus"}))
	v.status == "fail"
	v.message == "Dependencies outside the allowed regions: registry reg replica eastus."
}

test_fail_secondary_and_lake_outside if {
	v := only(rule.results) with input as entry(object.union(eu, {"secondary": "uksouth", "lake": "eastus", "law": "eastus2", "batch": "eastus"}))
	v.message == "Dependencies outside the allowed regions: batch endpoint be eastus; datastore account lake eastus; log destination law eastus2; storage secondary st uksouth."
}

# The workspace's residency decides: a US workspace may use US regions.
test_pass_with_the_workspace_residency if {
	us := {"secondary": "westus", "lake": "eastus", "law": "eastus", "batch": "eastus", "replica": "eastus"}
	e := json.patch(entry(us), [{"op": "add", "path": "/context/subscription/ml_registries/items/0/location", "value": "eastus"}, {"op": "replace", "path": "/context/subscription/ml_registries/items/0/properties/regionDetails/0/location", "value": "eastus"}, {"op": "add", "path": "/workspace/resource/tags", "value": {"data-region": "us"}}])
	params := object.union(lib.param_defaults, {"residency": {"by_tag": {"tag": "data-region", "regions": {"us": ["eastus", "westus"]}}}})
	v := only(rule.results) with input as e with data.amlscan.params as params
	v.status == "pass"
	v.message == "Every dependency of the workspace is in an allowed region. Allowed regions from the workspace's tag data-region=us."
}

# A geo-redundant account without secondaryLocation (infrastructure code) is not placed.
test_unknown_geo_redundant_without_secondary if {
	v := only(rule.results) with input as entry(object.union(eu, {"secondary": null}))
	v.status == "unknown"
	v.message == "Regions could not be checked for: storage secondary st (secondaryLocation not in the snapshot, and the SKU is geo-redundant or not known)."
}

test_unknown_registries_not_collected if {
	e := json.patch(entry(eu), [{"op": "replace", "path": "/context/subscription/ml_registries", "value": {"status": "error", "message": "not declared"}}])
	only(rule.results).message == "Regions could not be checked for: subscription.ml_registries (error)." with input as e
}

test_unknown_log_destination_not_collected if {
	e := object.union(entry(eu), {"log_analytics_destinations": {"/x/central": {"status": "error", "message": "not declared"}}})
	only(rule.results).message == "Regions could not be checked for: log destination central (error)." with input as e
}

test_unknown_sections_missing if {
	e := object.remove(entry(eu), ["batch_endpoints", "log_analytics_destinations"])
	only(rule.results).message == "Regions could not be checked for: batch_endpoints (missing), log_analytics_destinations (missing)." with input as e
}

test_unknown_datastore_account_unresolved if {
	e := json.patch(entry(eu), [{"op": "add", "path": "/datastore_targets/items/-", "value": {"datastore": "gen1", "storage_account_id": null}}])
	only(rule.results).message == "Regions could not be checked for: datastore gen1 (its storage account is not known)." with input as e
}

# Out of bounds wins over not placed.
test_fail_even_with_gaps if {
	e := object.remove(entry(object.union(eu, {"lake": "eastus"})), ["batch_endpoints"])
	only(rule.results).status == "fail" with input as e
}

test_cosmos_replicas_are_placed if {
	cosmos := {"status": "ok", "resource": {"id": "/c/cosmos", "type": "Microsoft.DocumentDB/databaseAccounts", "location": "West Europe", "properties": {"locations": [{"locationName": "West Europe"}, {"locationName": "East US"}, 5]}}}
	v := only(rule.results) with input as object.union(entry(eu), {"encryption_cosmos_db": cosmos})
	v.message == "Dependencies outside the allowed regions: cosmos db cosmos replica eastus."
}

test_unknown_workspace_tag_not_mapped if {
	e := json.patch(entry(eu), [{"op": "add", "path": "/workspace/resource/tags", "value": {"data-region": "apac"}}])
	params := object.union(lib.param_defaults, {"residency": {"by_tag": {"tag": "data-region", "regions": {"us": ["eastus"]}}}})
	only(rule.results).status == "unknown" with input as e with data.amlscan.params as params
}

test_unknown_workspace_not_collected if only(rule.results).status == "unknown" with input as {"id": "/w", "workspace": {"status": "forbidden"}}
