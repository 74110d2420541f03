package amlscan.lib_test

import data.amlscan.lib

resource := {"id": "/r", "type": "T", "properties": {}}

test_verdicts_name_the_resource if {
	lib.pass(resource, "ok", []) == {"status": "pass", "resource_id": "/r", "resource_type": "T", "message": "ok", "evidence": []}
	lib.fail(resource, "bad", []).status == "fail"
	lib.unknown(resource, "?", []).status == "unknown"
}

test_could_not_resolve_names_the_paths if {
	v := lib.could_not_resolve(resource, ["properties.a", "properties.b"], [])
	v.status == "unknown"
	v.message == "Could not resolve properties.a, properties.b."
}

test_section_unknown_names_section_and_cause if {
	r := lib.section_unknown({"status": "forbidden", "message": "AuthorizationFailed"}, "storage_account", "/x", "T")
	r.status == "unknown"
	r.message == "storage_account could not be collected (forbidden): AuthorizationFailed"
	r.evidence == [{"path": "storage_account.status", "found": "forbidden", "expected": "ok"}]
}

test_section_unknown_when_section_missing if {
	r := lib.section_unknown(null, "locks", "/x", "T")
	r.message == "locks could not be collected (missing): section absent from snapshot"
	r.evidence[0].found == null
}

test_text_of_any_value if {
	lib.text("a b") == "a b"
	lib.text(5) == "5"
	lib.text(null) == "null"
	lib.text(["x"]) == `["x"]`
}
