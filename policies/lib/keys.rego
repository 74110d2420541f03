package amlscan.lib

# Key Vault keys and secrets of the workspace's customer-managed key (cmk_key, cmk_vault_keys,
# cmk_vault_secrets: names and attributes only, never a value).

# Whether the workspace names a customer-managed key (encryption.keyVaultProperties.keyIdentifier).
default cmk_named := false

cmk_named if nonempty(object.get(workspace, ["properties", "encryption", "keyVaultProperties", "keyIdentifier"], null))

# The unknown verdict of a key section that could not be collected, on the resource it looked up
# (else the workspace). A section the snapshot does not hold (written before issue 14) counts only
# for a workspace that names a customer-managed key.
key_section_unknown(name, type, lookup) := section_unknown(section, name, id, type) if {
	section := object.get(input, name, null)
	not section.status == "ok"
	true in [is_object(section), cmk_named]
	id := nonempty_or(field(section, lookup, null), workspace_id)
}

# Whether a path under `prefix` is listed as unresolved in a section (IaC: known only at deployment).
unresolved_under(section, prefix) if {
	some path in section.unresolved
	is_string(path)
	startswith(path, prefix)
}

# Days of an ISO 8601 duration of one unit as Key Vault rotation policies write them (P90D, P18M,
# P2Y, P12W): a month counts as 30 days, a year as 365. Undefined for anything else.
duration_days(value) := to_number(substring(duration, 1, count(duration) - 2)) * _unit_days[substring(duration, count(duration) - 1, 1)] if {
	is_string(value)
	duration := upper(trim_space(value))
	regex.match(`^P[0-9]{1,6}[YMWD]$`, duration)
}

_unit_days := {"Y": 365, "M": 30, "W": 7, "D": 1}

# object.get on a value of any type: the fallback when it is not an object (object.get itself
# stops the rule with a type error there). For items of nested lists, which may be of any type.
dig(value, path, fallback) := object.get(value, path, fallback) if {
	is_object(value)
} else := fallback

# An item of cmk_vault_keys or cmk_vault_secrets with the id and type its verdict names: its own id,
# else the vault's id and its name under `kind` (keys, secrets).
vault_item(item, kind, type, section) := object.union(item, {
	"id": nonempty_or(field(item, "id", null), concat("", [text(field(section, "vault_id", "")), "/", kind, "/", text(field(item, "name", "?"))])),
	"type": type,
})
