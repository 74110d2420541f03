"""Every `test_` rule of every `_test.rego`, run by real OPA (`opa test`), reported as one pytest test each.

`opa test --format json policies` runs once per session; each test rule found in the sources is a
pytest test that looks up its own outcome, so a test OPA did not run (or one the sources do not
show) fails too. Skips without `opa`, except under AMLSCAN_REQUIRE_TOOLS=1 (CI), where it fails.
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
    """(file relative to the policies folder, test rule name) for every test rule, in file order."""
    found: list[tuple[str, str]] = []
    for file in sorted(root.rglob("*_test.rego")):
        names = dict.fromkeys(_TEST.findall(file.read_text(encoding="utf-8")))  # several bodies, one test
        found += [(file.relative_to(root).as_posix(), name) for name in names]
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
