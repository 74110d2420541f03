package amlscan.lib_test

import rego.v1

import data.amlscan.lib

test_ok_only_for_ok_status if {
	lib.ok({"status": "ok"})
	not lib.ok({"status": "forbidden"})
	not lib.ok({})
}

test_eq_ci_ignores_case if {
	lib.eq_ci("Disabled", "disabled")
	not lib.eq_ci("Enabled", "Disabled")
}

test_prop_absent_is_null if {
	lib.prop({"properties": {"a": 1}}, ["properties", "a"]) == 1
	lib.prop({"properties": {}}, ["properties", "a"]) == null
}

test_section_unknown_names_section_and_cause if {
	r := lib.section_unknown({"status": "forbidden", "message": "AuthorizationFailed"}, "storage_account", "/x", "T")
	r.status == "unknown"
	contains(r.message, "storage_account")
	contains(r.message, "AuthorizationFailed")
	r.evidence[0].found == "forbidden"
}

test_section_unknown_when_section_missing if {
	r := lib.section_unknown(null, "locks", "/x", "T")
	r.evidence[0].found == null
}

test_by_id_is_case_insensitive if {
	lib.by_id({"/subscriptions/a/x": {"status": "ok"}}, "/Subscriptions/A/X").status == "ok"
	lib.by_id({}, "/x").status == "missing"
}

test_workspace_id_falls_back_to_entry_id if {
	lib.workspace_id({"id": "/entry", "workspace": {"status": "forbidden"}}) == "/entry"
	lib.workspace_id({"id": "/entry", "workspace": {"status": "ok", "resource": {"id": "/ws"}}}) == "/ws"
}

test_workspace_unknown_when_section_missing if {
	r := lib.workspace_unknown({"id": "/entry"})
	r.status == "unknown"
	r.resource_id == "/entry"
}
