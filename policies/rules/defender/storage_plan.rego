# METADATA
# title: Defender for Storage protects the storage accounts holding the workspace's data
# description: >-
#   The workspace's storage and the accounts its datastores point at hold the training data: patient
#   records, customer data. Microsoft Defender for Storage detects unusual access and exfiltration, scans
#   uploaded blobs for malware (so a poisoned file does not reach a training job) and finds sensitive data
#   to prioritise alerts. As in the Azure Policy built-in "Microsoft Defender for Storage should be
#   enabled", the StorageAccounts plan of every subscription these accounts are in must be at the
#   Standard tier with the DefenderForStorageV2 sub-plan (absent means the service default, the full
#   plan, which is that one) and both the OnUploadMalwareScanning and SensitiveDataDiscovery extensions
#   on. Free (the service default), the classic per-transaction sub-plan, or an extension off fails.
#   Unknown when the snapshot does not hold the plan (another subscription's, or one infrastructure code
#   does not declare: never taken as off) or does not list an extension, and for a datastore whose storage
#   account is not known. Settings made on a single account (which can override the plan) are not
#   collected: the subscription's plan is judged.
# custom:
#   id: AML-DEF-002
#   severity: medium
#   resource_type: Microsoft.Security/pricings
#   frameworks:
#     hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(5)(ii)(B)", "164.308(a)(6)(ii)"]
#     gdpr: ["32(1)(b)", "33(1)"]
#   remediation:
#     text: Turn on Microsoft Defender for Storage (DefenderForStorageV2, with malware scanning and sensitive data threat detection) in the subscriptions of the workspace's storage accounts.
#     cli: az security pricing create --name StorageAccounts --tier Standard --subplan DefenderForStorageV2 --extensions name=OnUploadMalwareScanning isEnabled=True --extensions name=SensitiveDataDiscovery isEnabled=True
#     bicep: |-
#       resource storage 'Microsoft.Security/pricings@2024-01-01' = {
#         name: 'StorageAccounts'
#         properties: { pricingTier: 'Standard', subPlan: 'DefenderForStorageV2', extensions: [ { name: 'OnUploadMalwareScanning', isEnabled: 'True' }, { name: 'SensitiveDataDiscovery', isEnabled: 'True' } ] }
#       }
#   references:
#     azure_policy: ["640d2586-54d2-465f-877f-9ffc1d2109f4"]
#     psrule: ["Azure.Defender.Storage", "Azure.Defender.Storage.MalwareScan", "Azure.Defender.Storage.DataScan"]
#     checkov: ["CKV_AZURE_84"]
#     docs: ["https://learn.microsoft.com/azure/defender-for-cloud/defender-for-storage-introduction"]
package amlscan.rules.defender.storage_plan

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.section_unknown(targets, "datastore_targets", lib.workspace_id, lib.workspace_type) if {
	not targets.status == "ok"
}

results contains lib.unknown(
	{"id": datastore.id, "type": "Microsoft.MachineLearningServices/workspaces/datastores"},
	concat("", ["The storage account datastore ", datastore.name, " points at is not known (", datastore.note, "), so neither is the Defender plan protecting it."]),
	[{"path": "datastore_targets[].storage_account_id", "found": null, "expected": "a storage account id"}],
) if {
	some datastore in lib.unresolved_datastores
}

results contains lib.defender_unknown(subscription, "StorageAccounts") if {
	some subscription in subscriptions
	not lib.defender_plan(subscription, "StorageAccounts")
}

results contains lib.pass(
	lib.defender_resource(subscription, "StorageAccounts"),
	concat("", ["Defender for Storage (DefenderForStorageV2, malware scanning, sensitive data discovery) is on in subscription ", subscription, "."]),
	lib.defender_evidence(subscription, "StorageAccounts", extensions),
) if {
	some subscription, state in states
	state == "on"
}

results contains lib.fail(
	lib.defender_resource(subscription, "StorageAccounts"),
	concat("", [
		"Defender for Storage does not fully protect the workspace's storage accounts in subscription ", subscription,
		": ", concat("; ", sort(shortfalls(lib.defender_plan(subscription, "StorageAccounts")))), ".",
	]),
	lib.defender_evidence(subscription, "StorageAccounts", extensions),
) if {
	some subscription, state in states
	state == "off"
}

results contains lib.unknown(
	lib.defender_resource(subscription, "StorageAccounts"),
	concat("", [
		"The StorageAccounts plan of subscription ", subscription, " is on but does not list ",
		concat(" and ", [name | some name in extensions; lib.defender_extension(plan, name) == "unlisted"]),
		" (infrastructure code lists only the extensions it declares).",
	]),
	lib.defender_evidence(subscription, "StorageAccounts", extensions),
) if {
	some subscription, state in states
	state == "unlisted"
	plan := lib.defender_plan(subscription, "StorageAccounts")
}

targets := object.get(input, "datastore_targets", null)

extensions := ["OnUploadMalwareScanning", "SensitiveDataDiscovery"]

# The subscriptions of the workspace's storage account (as looked up, or as the workspace names it),
# of the storage account a customer-managed-key workspace brings, and of every datastore's account.
subscriptions contains subscription if {
	some path in [
		["storage_account", "resource", "id"], ["storage_account", "resource_id"], ["workspace", "resource", "properties", "storageAccount"],
		["encryption_storage_account", "resource", "id"], ["encryption_storage_account", "resource_id"],
	]
	subscription := lib.subscription_of(object.get(input, path, null))
	subscription != ""
}

subscriptions contains subscription if {
	some id in lib.datastore_account_ids
	subscription := lib.subscription_of(id)
	subscription != ""
}

# Per subscription whose plan the snapshot holds: "on", "off" or "unlisted" (on, an extension not listed).
states[subscription] := state(lib.defender_plan(subscription, "StorageAccounts")) if {
	some subscription in subscriptions
	lib.defender_plan(subscription, "StorageAccounts")
}

# What keeps a listed plan from protecting the accounts (empty when it does, or when only an
# extension's state is not known).
shortfalls(plan) := ({shortfall |
	not lib.defender_on(plan)
	shortfall := concat("", ["the plan is at the ", lib.text(object.get(plan, ["properties", "pricingTier"], null)), " tier (Free is the service default)"])
} | {shortfall |
	lib.defender_on(plan)
	sub_plan := object.get(plan, ["properties", "subPlan"], null)
	not is_null(sub_plan)
	not lib.eq_ci(sub_plan, "DefenderForStorageV2")
	shortfall := concat("", ["the sub-plan is ", lib.text(sub_plan), ", not DefenderForStorageV2"])
}) | {concat("", [name, " is off"]) |
	lib.defender_on(plan)
	some name in ["OnUploadMalwareScanning", "SensitiveDataDiscovery"]
	lib.defender_extension(plan, name) == "off"
}

state(plan) := "off" if {
	not lib.defender_on(plan)
} else := "off" if {
	sub_plan := object.get(plan, ["properties", "subPlan"], null)
	not is_null(sub_plan)
	not lib.eq_ci(sub_plan, "DefenderForStorageV2")
} else := "off" if {
	some name in ["OnUploadMalwareScanning", "SensitiveDataDiscovery"]
	lib.defender_extension(plan, name) == "off"
} else := "unlisted" if {
	some name in ["OnUploadMalwareScanning", "SensitiveDataDiscovery"]
	lib.defender_extension(plan, name) == "unlisted"
} else := "on"
