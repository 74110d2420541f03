"""CI holds the policies to the field's standard checks on real OPA, and tests never skip them silently there."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.evaluate.opa_server import REQUIRE_TOOLS_ENV, require_tool

CI = (ROOT / ".ci" / "run").read_text()


def test_a_missing_tool_skips_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE_TOOLS_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"no `amlscan-no-such-tool` binary in \.tools/bin or on PATH"):
        require_tool("amlscan-no-such-tool")


def test_a_missing_tool_fails_where_ci_requires_the_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_TOOLS_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE_TOOLS_ENV}=1 requires it"):
        require_tool("amlscan-no-such-tool")


def test_ci_installs_the_tools_and_runs_the_four_policy_checks_before_the_tests() -> None:
    lines = [line.strip() for line in CI.splitlines() if line.strip() and not line.strip().startswith("#")]
    install = lines.index(".ci/install-tools.sh")  # its own line: a failure stops CI (set -e), no `|| echo`
    checks = [
        next(i for i, line in enumerate(lines) if re.search(pattern, line))
        for pattern in (r'opa" check --strict policies$', r'opa" fmt --list policies\)"$', r'opa" test policies$', r'regal" lint policies$')
    ]
    test = next(i for i, line in enumerate(lines) if 'bash -euo pipefail -c "$test_cmd"' in line)
    assert install < min(checks) and max(checks) < test
    assert f"{REQUIRE_TOOLS_ENV}=1" in lines[test]
    assert 'if [ -n "$unformatted" ]' in CI  # fmt --list must print nothing
