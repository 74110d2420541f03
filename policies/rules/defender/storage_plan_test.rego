package amlscan.rules.defender.storage_plan_test

import data.amlscan.rules.defender.storage_plan as rule

sa := "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"

extension(name, enabled) := {"name": name, "isEnabled": enabled}

plan(tier, sub_plan, extensions) := {"id": "/subscriptions/s1/providers/Microsoft.Security/pricings/StorageAccounts", "name": "StorageAccounts", "type": "Microsoft.Security/pricings", "properties": {"pricingTier": tier, "subPlan": sub_plan, "extensions": extensions}}

both_on := [extension("OnUploadMalwareScanning", "True"), extension("SensitiveDataDiscovery", "True")]

entry(plans) := {
	"id": "/w",
	"storage_account": {"status": "ok", "resource": {"id": sa, "type": "Microsoft.Storage/storageAccounts"}},
	"datastore_targets": {"status": "ok", "items": [{"datastore": "workspaceblobstore", "datastore_id": "/w/datastores/workspaceblobstore", "storage_account_id": sa}]},
	"context": {"subscription": {"subscription_id": "s1", "defender_pricings": {"status": "ok", "items": plans}}},
}

only(rs) := v if {
	count(rs) == 1
	some v in rs
}

test_pass_full_plan if {
	v := only(rule.results) with input as entry([plan("Standard", "DefenderForStorageV2", both_on)])
	v.status == "pass"
	v.evidence[0].found == {"pricingTier": "Standard", "subPlan": "DefenderForStorageV2", "OnUploadMalwareScanning": "on", "SensitiveDataDiscovery": "on"}
}

# An absent sub-plan is the service default, the full plan.
test_pass_sub_plan_absent if only(rule.results).status == "pass" with input as entry([plan("Standard", null, both_on)])

test_fail_free if {
	v := only(rule.results) with input as entry([plan("Free", null, [])])
	v.status == "fail"
	v.message == "Defender for Storage does not fully protect the workspace's storage accounts in subscription s1: the plan is at the Free tier (Free is the service default)."
}

test_fail_classic_sub_plan if {
	v := only(rule.results) with input as entry([plan("Standard", "PerTransaction", both_on)])
	v.status == "fail"
	v.message == "Defender for Storage does not fully protect the workspace's storage accounts in subscription s1: the sub-plan is PerTransaction, not DefenderForStorageV2."
}

test_fail_malware_scanning_off if only(rule.results).status == "fail" with input as entry([plan("Standard", "DefenderForStorageV2", [extension("OnUploadMalwareScanning", "False"), extension("SensitiveDataDiscovery", "True")])])

test_unknown_extension_not_listed if {
	v := only(rule.results) with input as entry([plan("Standard", "DefenderForStorageV2", [extension("OnUploadMalwareScanning", "True")])])
	v.status == "unknown"
	v.message == "The StorageAccounts plan of subscription s1 is on but does not list SensitiveDataDiscovery (infrastructure code lists only the extensions it declares)."
}

test_unknown_plan_not_listed if only(rule.results).status == "unknown" with input as entry([])

# A datastore account in another subscription is judged there (unknown: not in this workspace's context).
test_datastore_account_in_another_subscription if {
	lake := "/subscriptions/s2/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake"
	e := object.union(entry([plan("Standard", null, both_on)]), {"datastore_storage_accounts": {lower(lake): {"status": "ok", "resource": {"id": lake}}}})
	rs := rule.results with input as e
	{[v.resource_id, v.status] | some v in rs} == {
		["/subscriptions/s1/providers/Microsoft.Security/pricings/StorageAccounts", "pass"],
		["/subscriptions/s2/providers/Microsoft.Security/pricings/StorageAccounts", "unknown"],
	}
}

test_unknown_datastore_without_account if {
	e := object.union(entry([plan("Standard", null, both_on)]), {"datastore_targets": {"status": "ok", "items": [{"datastore": "onelake", "datastore_id": "/w/datastores/onelake", "storage_account_id": null, "note": "OneLake is not a storage account"}]}})
	rs := rule.results with input as e
	some v in rs
	v.resource_id == "/w/datastores/onelake"
	v.status == "unknown"
}

test_unknown_targets_not_collected if {
	e := object.union(entry([plan("Standard", null, both_on)]), {"datastore_targets": {"status": "forbidden", "message": "denied"}})
	rs := rule.results with input as e
	some v in rs
	v.message == "datastore_targets could not be collected (forbidden): denied"
}
