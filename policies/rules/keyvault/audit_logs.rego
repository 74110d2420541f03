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
#     gdpr: ["30(1)", "32(1)(d)", "33(1)"]
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

results := verdicts(input)

_type := "Microsoft.KeyVault/vaults"

verdicts(inp) := {lib.assoc_unknown(inp, "key_vault", _type)} if not lib.ok(lib.section(inp, "key_vault"))

verdicts(inp) := set() if lib.nothing_linked(lib.section(inp, "key_vault"))

verdicts(inp) := {_verdict(lib.by_id(lib.section(inp, "diagnostic_settings"), kv.id), kv)} if kv := lib.resource(lib.section(inp, "key_vault"))

_ev(names) := [lib.evidence("diagnostic_settings[*].properties.logs[categoryGroup in (audit, allLogs) or category AuditEvent].enabled", names, "at least one setting with a destination")]

_verdict(sec, kv) := lib.section_unknown(sec, "diagnostic_settings", kv.id, kv.type) if not lib.ok(sec)

# The settings are judged once and passed down (rego-cpp does not memoise functions).
_verdict(sec, kv) := _kval_judge(kv, sort(_good_settings(sec))) if lib.ok(sec)

_kval_judge(kv, names) := lib.pass(kv, concat("", ["Key vault audit logs are collected by: ", concat(", ", names), "."]), _ev(names)) if {
	count(names) > 0
} else := lib.fail(kv, "No diagnostic setting collects the key vault's audit logs.", _ev([]))

_good_settings(sec) := {object.get(s, "name", "?") |
	some s in lib.items(sec)
	_has_destination(s)
	some log in object.get(object.get(s, "properties", {}), "logs", [])
	log.enabled == true
	_audit(log)
}

_audit(log) if lib.eq_ci(object.get(log, "categoryGroup", ""), "audit")

_audit(log) if lib.eq_ci(object.get(log, "categoryGroup", ""), "allLogs")

_audit(log) if lib.eq_ci(object.get(log, "category", ""), "AuditEvent")

_has_destination(s) if {
	some key in ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"]
	lib.nonempty(lib.prop(s, ["properties", key]))
}
