# METADATA
# title: Workspace key vault audit logs are collected
# description: >-
#   Every read of a secret the workspace relies on should leave a trace: the key vault's AuditEvent
#   logs (category group audit or allLogs, or the AuditEvent category) must be enabled in a
#   diagnostic setting with a destination. A vault has no diagnostic setting by default. Any
#   destination counts (Log Analytics, storage archive, event hub), as in the Azure Policy built-in.
# custom:
#   id: AML-KV-004
#   severity: medium
#   resource_type: Microsoft.KeyVault/vaults
#   frameworks:
#     hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"]
#     gdpr: ["32(1)(d)", "33(1)"]
#   remediation:
#     text: Add a diagnostic setting that sends the key vault's audit logs to Log Analytics.
#     cli: az monitor diagnostic-settings create --name to-law --resource <vault-id> --workspace <log-analytics-id> --logs '[{"categoryGroup":"audit","enabled":true}]'
#   references:
#     azure_policy: ["cf820ca0-f99e-4f3e-84fb-66e913812d21"]
#     psrule: ["Azure.KeyVault.Logs"]
#     docs: ["https://learn.microsoft.com/azure/key-vault/general/logging"]
package amlscan.rules.keyvault.audit_logs

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.key_vault

results contains lib.section_unknown(settings, "diagnostic_settings", vault.id, vault.type) if {
	not settings.status == "ok"
}

results contains lib.pass(
	vault,
	concat("", ["Key vault audit logs are collected by: ", concat(", ", [lib.text(name) | some name in collecting]), "."]),
	evidence(collecting),
) if {
	count(collecting) > 0
}

results contains lib.fail(vault, "No diagnostic setting collects the key vault's audit logs.", evidence([])) if {
	settings.status == "ok"
	count(collecting) == 0
}

vault := lib.resource(input.key_vault)

settings := lib.by_id(lib.diagnostic_settings, vault.id)

# The names of the vault's diagnostic settings that send its audit logs somewhere, sorted.
collecting := sort({object.get(setting, "name", "?") |
	some setting in lib.items(settings)
	properties := object.get(setting, "properties", {})
	is_object(properties)
	has_destination(properties)
	some log in object.get(properties, "logs", [])
	log.enabled == true
	audit(log)
})

has_destination(properties) if {
	some key in ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"]
	lib.nonempty(object.get(properties, key, null))
}

# An audit log entry: categoryGroup audit or allLogs, or category AuditEvent (case-insensitive).
audit(log) if {
	group := object.get(log, "categoryGroup", "")
	is_string(group)
	lower(group) in {"audit", "alllogs"}
}

audit(log) if lib.eq_ci(object.get(log, "category", ""), "AuditEvent")

evidence(found) := [{
	"path": "diagnostic_settings[*].properties.logs[categoryGroup in (audit, allLogs) or category AuditEvent].enabled",
	"found": found,
	"expected": "at least one setting with a destination",
}]
