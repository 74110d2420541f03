package amlscan.lib

# Values read from a snapshot can be of any JSON type (a number where ARM has a string, null where
# it has an object): every helper here is total on them. A builtin that meets a value of the wrong
# type stops the rule with an error on OPA and gives undefined in the Wasm module, so a rule never
# hands an unchecked value to one.

# ARM enums are case-insensitive; so are resource ids. A non-string never matches.
eq_ci(a, b) if {
	is_string(a)
	is_string(b)
	lower(a) == lower(b)
}

# A string with something in it.
nonempty(value) if {
	is_string(value)
	trim_space(value) != ""
}

# value when it is a string other than "", else fallback.
nonempty_or(value, fallback) := value if {
	is_string(value)
	value != ""
} else := fallback

# obj[key] when obj is an object holding key, else fallback.
field(obj, key, fallback) := value if {
	is_object(obj)
	value := obj[key]
} else := fallback

# A value to iterate as an array: [] for anything else.
arr(value) := value if {
	is_array(value)
} else := []

# The tags of a resource by lower-cased name (tag names are case-insensitive in Azure).
tags_ci(resource) := {lower(k): v | some k, v in tags; is_string(k)} if {
	tags := object.get(resource, "tags", {})
	is_object(tags)
} else := {}

tag_value(resource, name) := tags_ci(resource)[lower(name)]
