"""Every `test_` rule of every `_test.rego`, run by real OPA (`opa test`), reported as one pytest test each.

`opa test --format json policies` runs once per session; each test rule found in the sources is a
pytest test that looks up its own outcome, so a test OPA did not run (or one the sources do not
show) fails too. The command contributors and CI run, `opa test policies`, must pass exactly the
number of test rules in the sources. Skips without `opa`, except under AMLSCAN_REQUIRE_TOOLS=1
(CI), where it fails.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import POLICIES, ROOT
from tests.evaluate.opa_server import require_tool

_TEST = re.compile(r"^(test_\w+)\b", re.M)


def discover(root: Path) -> list[tuple[str, str]]:
    """(file relative to the policies folder, test name) for every test rule, in file order, named
    as OPA names them: a second definition of `test_x` in the same file is `test_x#01`."""
    found: list[tuple[str, str]] = []
    for file in sorted(root.rglob("*_test.rego")):
        seen: dict[str, int] = {}
        for name in _TEST.findall(file.read_text(encoding="utf-8")):
            found.append((file.relative_to(root).as_posix(), f"{name}#{seen[name]:02d}" if name in seen else name))
            seen[name] = seen.get(name, 0) + 1
    return found


TESTS = discover(POLICIES)


@pytest.fixture(scope="module")
def outcomes() -> dict[tuple[str, str], dict[str, Any]]:
    opa = require_tool("opa")
    run = subprocess.run([opa, "test", "--format", "json", "policies"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if run.returncode not in (0, 2):  # 2: some test failed (reported per test below)
        pytest.fail(f"opa test could not run: {run.stderr.strip()[:2000]}")
    reports = json.loads(run.stdout)
    return {(Path(r["location"]["file"]).relative_to("policies").as_posix(), r["name"]): r for r in reports}


def test_every_rule_and_library_module_has_its_tests_beside_it() -> None:
    """One test file per module (`x.rego` and `x_test.rego`), each with test rules: with the next
    test (OPA runs exactly the test rules of the sources), no module goes untested."""
    modules = {p.relative_to(POLICIES).as_posix() for p in POLICIES.rglob("*.rego") if not p.name.endswith("_test.rego")}
    tested = {file for file, _ in TESTS}
    assert {m.removesuffix(".rego") + "_test.rego" for m in modules} <= tested


def test_discovery_names_tests_as_opa_does(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x_test.rego").write_text("package x_test\n\ntest_a if true\n\ntest_b if true\n\ntest_a if 1 == 1\n\nnot_a_test if true\n")
    assert discover(tmp_path) == [("rules/x_test.rego", "test_a"), ("rules/x_test.rego", "test_b"), ("rules/x_test.rego", "test_a#01")]


def test_opa_test_passes_exactly_every_test_rule_in_the_sources() -> None:
    """`opa test policies` as README and CI run it: every test rule passes, and there are exactly as
    many as the sources hold (a file OPA did not load, or a test it did not count, shows here)."""
    opa = require_tool("opa")
    run = subprocess.run([opa, "test", "policies"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == f"PASS: {len(TESTS)}/{len(TESTS)}", run.stdout[-2000:]


def test_opa_runs_exactly_the_tests_in_the_sources(outcomes: dict[tuple[str, str], dict[str, Any]]) -> None:
    assert sorted(outcomes) == sorted(TESTS)


@pytest.mark.parametrize("rego_test", TESTS, ids=[f"{file}::{name}" for file, name in TESTS])
def test_rego(outcomes: dict[tuple[str, str], dict[str, Any]], rego_test: tuple[str, str]) -> None:
    report = outcomes.get(rego_test)
    assert report is not None, f"opa test did not run {rego_test}"
    if report.get("error"):
        pytest.fail(f"{rego_test[0]} {rego_test[1]}: error: {json.dumps(report['error'])[:1000]}")
    assert not report.get("skip"), f"{rego_test[1]} is skipped (todo_ prefix?)"
    assert not report.get("fail"), f"{rego_test[0]} {rego_test[1]} failed on OPA" + (f"; output: {report.get('output')}" if report.get("output") else "")
