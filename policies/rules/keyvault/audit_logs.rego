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
package amlscan.rules.keyvault_audit_logs

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition, the common case (a vault to judge) first.
verdicts(inp) := {_kval_verdict(kv, lib.by_id(object.get(inp, "diagnostic_settings", null), kv.id))} if {
	sec := inp.key_vault
	sec.status == "ok"
	kv := sec.resource
	is_object(kv)
} else := lib.assoc_verdicts(inp, "key_vault", "Microsoft.KeyVault/vaults")

# The vault's diagnostic settings, when collected, pass with the names of those that send audit
# logs somewhere (sorted).
_kval_verdict(kv, ds) := lib.section_unknown(ds, "diagnostic_settings", kv.id, kv.type) if {
	not ds.status == "ok"
} else := lib.pass(kv, concat("", ["Key vault audit logs are collected by: ", concat(", ", names), "."]), [{
	"path": "diagnostic_settings[*].properties.logs[categoryGroup in (audit, allLogs) or category AuditEvent].enabled",
	"found": names, "expected": "at least one setting with a destination",
}]) if {
	names := sort({object.get(s, "name", "?") |
		is_array(ds.items)
		some s in ds.items
		_kval_destination(object.get(s, "properties", {}))
		some log in object.get(object.get(s, "properties", {}), "logs", [])
		log.enabled == true
		_kval_audit(log)
	})
	count(names) > 0
} else := lib.fail(kv, "No diagnostic setting collects the key vault's audit logs.", [{
	"path": "diagnostic_settings[*].properties.logs[categoryGroup in (audit, allLogs) or category AuditEvent].enabled",
	"found": [], "expected": "at least one setting with a destination",
}])

# The setting sends its logs somewhere.
_kval_destination(props) if {
	some key in ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"]
	value := object.get(props, key, null)
	is_string(value)
	trim_space(value) != ""
}

# An audit log entry: categoryGroup audit or allLogs, or category AuditEvent (case-insensitive).
_kval_audit(log) if {
	group := object.get(log, "categoryGroup", "")
	is_string(group)
	lower(group) in {"audit", "alllogs"}
} else if {
	category := object.get(log, "category", "")
	is_string(category)
	lower(category) == "auditevent"
} else := false
