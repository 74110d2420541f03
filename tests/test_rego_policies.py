"""Every `test_` rule of every `_test.rego`, run as one pytest test each on the embedded engine."""

from __future__ import annotations

import pytest

from scanner.evaluate.regotest import RegoTestRunner, discover
from tests.conftest import POLICIES

TESTS = discover(POLICIES)


@pytest.fixture(scope="module")
def runner() -> RegoTestRunner:
    return RegoTestRunner(POLICIES)


def test_policy_tests_exist() -> None:
    assert len(TESTS) >= 20


@pytest.mark.parametrize("rego_test", TESTS, ids=[f"{t.file}::{t.name}" for t in TESTS])
def test_rego(runner: RegoTestRunner, rego_test) -> None:
    passed, reason = runner.run(rego_test)
    assert passed, f"{rego_test.file} {rego_test.name}: {reason}"
