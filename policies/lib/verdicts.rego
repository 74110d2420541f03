# METADATA
# title: amlscan rule library
# description: >-
#   Helpers shared by every rule (data.amlscan.lib): the verdicts a rule puts in its `results`, the
#   workspace entry it reads (sections, their status, unresolved paths), values of any type read
#   safely, parameters, role assignments and regions. A rule's metadata (id, severity, controls)
#   lives in its annotation block and is joined on by the scanner, so verdicts stay small.
package amlscan.lib

# A verdict is one object per judged resource: pass, fail or unknown, the resource's id and type, a
# message and evidence (a list of {path, found, expected}, path relative to the resource).

pass(resource, message, evidence) := _verdict("pass", resource, message, evidence)

fail(resource, message, evidence) := _verdict("fail", resource, message, evidence)

unknown(resource, message, evidence) := _verdict("unknown", resource, message, evidence)

_verdict(status, resource, message, evidence) := {
	"status": status,
	"resource_id": resource.id,
	"resource_type": resource.type,
	"message": message,
	"evidence": evidence,
}

# The unknown verdict on a resource when a path its judgement needs is unresolved.
could_not_resolve(resource, paths, evidence) := unknown(
	resource,
	concat("", ["Could not resolve ", concat(", ", paths), "."]),
	evidence,
)

# The unknown verdict for a section that could not be collected, naming the section and why, on
# the resource with the given id and type.
section_unknown(section, name, id, type) := {
	"status": "unknown",
	"resource_id": id,
	"resource_type": type,
	"message": concat("", [
		name, " could not be collected (", text(field(section, "status", "missing")), "): ",
		text(field(section, "message", "section absent from snapshot")),
	]),
	"evidence": [{"path": concat("", [name, ".status"]), "found": field(section, "status", null), "expected": "ok"}],
}

# A value as text for a message: a string as it is, anything else as OPA prints it.
text(value) := value if {
	is_string(value)
} else := sprintf("%v", [value])
