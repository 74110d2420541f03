"""Where rego-cpp (regopy 1.5.2) and real OPA evaluate the same Rego differently, and the form both agree on.

Found when OPA first ran the rules: under `not`, OPA evaluates a reference that is a function's
argument or an object key before the negation, so an undefined reference makes the whole statement
undefined; rego-cpp negates it and the statement holds. `not x.status == "ok"` (a comparison)
holds on both. The rules use only the forms both agree on (docs/writing-rules.md); if either
engine changes, a test here fails and the guidance can change with it.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.evaluate.opa_server import require_tool

MODULE = """package probe

import rego.v1

ok(section) if section.status == "ok"

call_on_missing(inp) := true if not ok(inp.workspace)

key_from_missing(inp) := true if not {"ok": true}[inp.workspace.status]

builtin_on_missing(inp) := true if not is_object(inp.workspace)

comparison_on_missing(inp) := true if not inp.workspace.status == "ok"

call_on_present(inp) := true if not ok(object.get(inp, "workspace", null))
"""

# probe -> (rego-cpp, OPA) for an input without `workspace`; None is undefined.
EXPECTED = {
    "call_on_missing": (True, None),
    "key_from_missing": (True, None),
    "builtin_on_missing": (True, None),
    "comparison_on_missing": (True, True),
    "call_on_present": (True, True),
}


def _regopy(name: str) -> bool | None:
    from regopy import Interpreter

    interpreter = Interpreter()
    interpreter.add_module("probe.rego", MODULE)
    text = str(interpreter.query(f'x := data.probe.{name}({{"id": "/w"}})'))
    return None if text == "undefined" else json.loads(text)["bindings"]["x"]


def _opa(name: str, tmp_path) -> bool | None:
    (tmp_path / "probe.rego").write_text(MODULE)
    run = subprocess.run([require_tool("opa"), "eval", "--format", "json", "-d", str(tmp_path / "probe.rego"), f'data.probe.{name}({{"id": "/w"}})'],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout).get("result")
    return result[0]["expressions"][0]["value"] if result else None


@pytest.mark.parametrize("name", list(EXPECTED))
def test_negation_of_an_undefined_reference(name: str, tmp_path) -> None:
    assert (_regopy(name), _opa(name, tmp_path)) == EXPECTED[name]
