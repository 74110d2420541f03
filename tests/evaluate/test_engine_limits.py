"""The embedded (Wasm) engine's limits that a rule author must know (docs/writing-rules.md, "Engine
limits"), each shown on a small policy compiled by the real `opa build -t wasm` and asked of the
engine's own host and of `opa eval`. Skips without `opa`, except under AMLSCAN_REQUIRE_TOOLS=1.

The other limits listed there are proven where the engine is tested: builtins the host refuses
(tests/evaluate/test_wasm_builtins.py), a builtin neither the module nor the host provides
(tests/evaluate/test_wasm_engine.py), and a builtin error in a whole scan, on OPA and in Wasm
(tests/evaluate/test_opa_engine.py).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.evaluate.wasm_support import compile_policy, opa_eval, require_opa, wasm_policy

BUILTIN_ERRORS = """package t

number := to_number(input.text)

lowered := lower(input.number)

counted := count(input.number)
"""
# input -> each rule's builtin fails on it: to_number of a non-number, lower and count of a number
FAILING = {"text": "x", "number": 5}
RULES = ("number", "lowered", "counted")


def _strict_opa_error(tmp: Path, source: str, query: str, input_value: Any) -> dict[str, Any]:
    """The error `opa eval --strict-builtin-errors` (how --engine opa queries) reports."""
    (tmp / "strict.rego").write_text(source, encoding="utf-8")
    (tmp / "input.json").write_text(json.dumps(input_value), encoding="utf-8")
    done = subprocess.run([str(require_opa()), "eval", "--strict-builtin-errors", "-f", "json", "-d", str(tmp / "strict.rego"), "-i", str(tmp / "input.json"), query],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0, done.stdout
    (error,) = json.loads(done.stdout)["errors"]
    return error


@pytest.fixture(scope="module")
def builtin_module(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return wasm_policy(compile_policy(tmp_path_factory.mktemp("builtins"), BUILTIN_ERRORS, [f"t/{rule}" for rule in RULES]))


@pytest.mark.parametrize("rule", RULES)
def test_a_builtin_error_is_undefined_in_wasm_and_an_error_on_strict_opa(builtin_module: Any, tmp_path: Path, rule: str) -> None:
    """Builtins compiled into the module are not strict: the failing call is undefined, as on OPA
    without strict builtin errors, where --engine opa reports an error."""
    assert builtin_module.evaluate(f"t/{rule}", json.dumps(FAILING).encode()) == []
    assert opa_eval(tmp_path, BUILTIN_ERRORS, f"data.t.{rule}", FAILING) is None  # OPA's default: undefined too
    error = _strict_opa_error(tmp_path, BUILTIN_ERRORS, f"data.t.{rule}", FAILING)
    assert error["code"] in ("eval_builtin_error", "eval_type_error"), error
    # On values of the right type the same rules agree.
    good = {"text": "2.5", "number": "AbC"}
    assert builtin_module.evaluate(f"t/{rule}", json.dumps(good).encode())[0]["result"] == opa_eval(tmp_path, BUILTIN_ERRORS, f"data.t.{rule}", good)


COMPUTED = """package t

quotient := 1 / input.three

scalar := sprintf("%v", [1 / input.three])

in_array := sprintf("%v", [[1 / input.three]])

large := 1e20 / input.three

large_printed := sprintf("%v", [1e20 / input.three])
"""


def test_numbers_computed_by_the_module_print_with_its_own_digits_inside_collections(tmp_path: Path) -> None:
    """A number the module computes is returned and printed as OPA does on its own; printed by
    sprintf("%v") inside an array or object it has the module's digits, and so does a large
    quotient however it is used."""
    module = wasm_policy(compile_policy(tmp_path / "computed", COMPUTED, ["t/quotient", "t/scalar", "t/in_array", "t/large", "t/large_printed"]))
    given = {"three": 3}

    def both(rule: str) -> tuple[Any, Any]:
        return module.evaluate(f"t/{rule}", json.dumps(given).encode())[0]["result"], opa_eval(tmp_path, COMPUTED, f"data.t.{rule}", given)

    assert both("quotient") == (0.3333333333333333, 0.3333333333333333)
    assert both("scalar") == ("0.3333333333333333", "0.3333333333333333")
    assert both("in_array") == ("[0.333333333333333333]", "[0.33333333333333333334]")
    assert both("large") == (3.333333333333333e19, 33333333333333333334)
    assert both("large_printed") == ("3.333333333333333e+19", "33333333333333333334")
