"""Proof of the rego-cpp (regopy 1.5.2) limits that shape how our policies are written.

Each probe runs in its own process: some of them leave the engine in a state that crashes the
process later. If a future regopy fixes one, its test fails here, and the workaround listed in
docs/writing-rules.md can be retired.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import json, sys
    from regopy import Interpreter, rego_shared as rs
    modules, query, strict = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
    i = Interpreter()
    i.strict_built_in_errors = strict
    try:
        for n, (path, src) in enumerate(modules):
            i.add_module(path, src)
        impl = rs.rego_query(i._impl, query)
    except Exception as exc:
        print("RESULT " + json.dumps({"ok": False, "text": str(exc)}), flush=True)
        raise SystemExit(0)
    ok = rs.rego_output_ok(impl)
    print("RESULT " + json.dumps({"ok": bool(ok), "text": rs.rego_output_string(impl) if ok else rs.rego_get_error(i._impl)}), flush=True)
    """
)


def probe(modules: list[tuple[str, str]], query: str, strict: bool = True) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(modules), query, "1" if strict else "0"], capture_output=True, text=True, timeout=60)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line is not None, f"probe crashed (rc {proc.returncode}): {proc.stderr[-500:]}"
    return json.loads(line[len("RESULT "):])


RULE = ("r.rego", "package r\nimport rego.v1\np := input.id if is_object(input.workspace)\n")


def test_with_input_fails_when_rule_calls_builtin_on_input() -> None:
    test = ("t.rego", 'package t\nimport rego.v1\ntest_a if { x := data.r.p with input as {"id": "/w", "workspace": {}}\n x == "/w" }\n')
    out = probe([RULE, test], "data.t.test_a")
    assert not out["ok"] and "rego-refhead" in out["text"]


def test_function_style_rule_works_without_with() -> None:
    rule = ("r.rego", "package r\nimport rego.v1\nf(inp) := inp.id if is_object(inp.workspace)\n")
    test = ("t.rego", 'package t\nimport rego.v1\ntest_a if data.r.f({"id": "/w", "workspace": {}}) == "/w"\n')
    assert probe([rule, test], "data.t.test_a") == {"ok": True, "text": '{"expressions":[true]}'}


def test_sprintf_quotes_literal_passed_through_function_parameter() -> None:
    mod = ("m.rego", 'package m\nimport rego.v1\nf(name) := sprintf("%s!", [name])\ng(name) := concat("", [name, "!"])\n')
    assert probe([mod], 'data.m.f("x")')["text"] != '{"expressions":["x!"]}'
    assert probe([mod], 'data.m.g("x")')["text"] == '{"expressions":["x!"]}'


def test_indexing_sorted_set_from_a_function_is_undefined() -> None:
    mod = ("m.rego", 'package m\nimport rego.v1\nnames(xs) := {n | some n in xs}\nfirst(xs) := y if { s := sort(names(xs)); y := s[0] }\njoined(xs) := concat(",", sort(names(xs)))\n')
    assert probe([mod], 'data.m.first(["b", "a"])') == {"ok": True, "text": "undefined"}
    assert probe([mod], 'data.m.joined(["b", "a"])')["text"] == '{"expressions":["a,b"]}'


def test_unsupported_builtins() -> None:
    for query in ('time.parse_rfc3339_ns("2026-01-01T00:00:00Z")', 'net.cidr_contains("10.0.0.0/8", "10.1.1.1")'):
        assert probe([], query, strict=False)["text"] == "undefined", query
        assert not probe([], query, strict=True)["ok"], query


def test_strict_mode_turns_type_errors_into_errors() -> None:
    assert not probe([], "lower(null)", strict=True)["ok"]
    assert probe([], "lower(null)", strict=False)["text"] == "undefined"


def test_same_name_other_arity_across_packages_breaks_compilation() -> None:
    a = ("a.rego", "package a\nimport rego.v1\n_e(x) := x\np := _e(1)\n")
    b = ("b.rego", "package b\nimport rego.v1\n_e(x, y) := [x, y]\np := _e(1, 2)\n")
    out = probe([a, b], "data.b.p")
    assert not out["ok"]


def test_some_key_value_over_a_local_object_in_a_comprehension_fails_to_compile() -> None:
    local = ("m.rego", 'package m\nimport rego.v1\nf(x) := {k | obj := {"a": x}; some k, v in obj; v > 0}\n')
    assert not probe([local], "data.m.f(1)")["ok"]
    # iterating the object's keys and indexing it compiles and works
    keyed = ("m.rego", 'package m\nimport rego.v1\nf(x) := {k | obj := {"a": x}; some k in object.keys(obj); obj[k] > 0}\n')
    assert probe([keyed], "data.m.f(1)")["text"] == '{"expressions":[["a"]]}'
