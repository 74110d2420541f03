package amlscan.lib_test

import data.amlscan.lib

test_eq_ci_ignores_case_and_never_matches_a_non_string if {
	lib.eq_ci("Disabled", "disabled")
	not lib.eq_ci("Enabled", "Disabled")
	not lib.eq_ci(null, "null")
	not lib.eq_ci(5, "5")
	not lib.eq_ci(["disabled"], "disabled")
}

test_nonempty if {
	lib.nonempty("x")
	not lib.nonempty("  ")
	not lib.nonempty(5)
	not lib.nonempty(null)
	lib.nonempty_or("x", "y") == "x"
	lib.nonempty_or("", "y") == "y"
	lib.nonempty_or(5, "y") == "y"
}

test_field_and_arr_take_any_value if {
	lib.field({"a": 1}, "a", 0) == 1
	lib.field({"a": null}, "a", 0) == null
	lib.field({}, "a", 0) == 0
	lib.field("text", "a", 0) == 0
	lib.arr(["x"]) == ["x"]
	lib.arr({"a": 1}) == []
	lib.arr(null) == []
}

test_tags_are_case_insensitive if {
	lib.tags_ci({"tags": {"Data-Classification": "PHI"}}) == {"data-classification": "PHI"}
	lib.tag_value({"tags": {"Environment": "prod"}}, "ENVIRONMENT") == "prod"
	lib.tags_ci({"tags": null}) == {}
	lib.tags_ci({"tags": ["x"]}) == {}
	lib.tags_ci({}) == {}
}
