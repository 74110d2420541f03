# Helpers shared by every rule: section status, result construction, evidence, case-insensitive
# comparison. Rules import it as `data.amlscan.lib`.
#
# A rule's contract: `results := verdicts(input)`, where `verdicts(inp)` returns a set of objects
# built with `pass`, `fail` or `unknown` below, one per resource it judges. Rules are written as
# functions of the workspace input (not as rules reading `input` directly) so their unit tests call
# `verdicts({...})` instead of `with input as`, which rego-cpp 1.5.2 cannot evaluate when the
# rule calls a built-in on input. The rule's metadata (id, severity, controls) lives in its
# METADATA block and is joined on by the scanner, so results stay small.
package amlscan.lib

import rego.v1

# True when the section was collected. Anything else (forbidden, not_found, error, or a section
# that is missing from the snapshot) means we could not look.
ok(section) if section.status == "ok"

# The resource held by an ok single-resource section.
resource(section) := section.resource if {
	ok(section)
	is_object(section.resource)
}

# A path the collector or IaC normaliser marked as unresolvable (reference(), known after apply).
unresolved(section, path) if path in object.get(section, "unresolved", [])

evidence(path, found, expected) := {"path": path, "found": found, "expected": expected}

# ARM enums are case-insensitive; so are resource ids. Non-strings (an absent property) never match.
eq_ci(a, b) if {
	is_string(a)
	is_string(b)
	lower(a) == lower(b)
}

# A property of a resource, following a dotted path given as an array; null when absent.
prop(res, path) := object.get(res, path, null)

_result(status, id, type, message, ev) := {
	"status": status,
	"resource_id": id,
	"resource_type": type,
	"message": message,
	"evidence": ev,
}

pass(res, message, ev) := _result("pass", res.id, res.type, message, ev)

fail(res, message, ev) := _result("fail", res.id, res.type, message, ev)

unknown(id, type, message, ev) := _result("unknown", id, type, message, ev)

# The unknown result for a section that could not be collected, naming the section and why.
section_unknown(section, name, id, type) := unknown(
	id,
	type,
	concat("", [name, " could not be collected (", _text(field(section, "status", "missing")), "): ", _text(field(section, "message", "section absent from snapshot"))]),
	[evidence(concat("", [name, ".status"]), field(section, "status", null), "ok")],
)

# rego-cpp quotes a string literal handed through a function parameter to sprintf, so messages
# are built with concat, and values are turned into text here.
_text(value) := value if is_string(value)

_text(value) := sprintf("%v", [value]) if not is_string(value)

# object.get that tolerates a non-object (a missing section arrives as null).
field(obj, key, fallback) := object.get(obj, key, fallback) if is_object(obj)

field(obj, _, fallback) := fallback if not is_object(obj)

# Id of the workspace (falls back to the entry id when the workspace itself could not be read).
workspace_id(inp) := inp.workspace.resource.id if is_object(inp.workspace.resource)

workspace_id(inp) := inp.id if not is_object(inp.workspace.resource)

# The unknown verdict every workspace-scoped rule gives when the workspace could not be read.
workspace_unknown(inp) := section_unknown(object.get(inp, "workspace", null), "workspace", workspace_id(inp), workspace_type)

workspace_type := "Microsoft.MachineLearningServices/workspaces"

# Diagnostic settings, locks and role assignments are keyed by lower-cased resource id.
by_id(sections, id) := object.get(sections, lower(id), {"status": "missing", "message": "section absent from snapshot"}) if is_object(sections)

by_id(sections, _) := {"status": "missing", "message": "section absent from snapshot"} if not is_object(sections)
