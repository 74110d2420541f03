"""The Python code's static checks: mypy (strict, on scanner/) and ruff are clean, and CI runs both
after installing the package and before the tests (docs/architecture.md#checks)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.evaluate.opa_server import REQUIRE_TOOLS_ENV

CI = (ROOT / ".ci" / "run").read_text()


def _checker(module: str) -> None:
    """The checker is part of the test extra: missing, it skips here and fails under CI."""
    if importlib.util.find_spec(module) is None:
        reason = f"{module} is not installed (pip install -e '.[test]')"
        if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
            pytest.fail(f"{reason}; {REQUIRE_TOOLS_ENV}=1 requires it", pytrace=False)
        pytest.skip(reason)


def test_ci_runs_mypy_and_ruff_after_the_install_and_before_the_tests() -> None:
    lines = [line.strip() for line in CI.splitlines() if line.strip() and not line.strip().startswith(("#", "echo"))]
    install = next(i for i, line in enumerate(lines) if line == 'bash -euo pipefail -c "$install_cmd"')
    mypy = lines.index(".venv/bin/python -m mypy")
    ruff = lines.index(".venv/bin/python -m ruff check scanner tests bench")
    test = next(i for i, line in enumerate(lines) if 'bash -euo pipefail -c "$test_cmd"' in line)
    assert install < mypy < test and install < ruff < test
    assert "set -euo pipefail" in CI  # a finding stops CI


def test_mypy_is_clean_and_strict_on_the_package() -> None:
    _checker("mypy")
    config = (ROOT / "pyproject.toml").read_text()
    assert '[tool.mypy]\npython_version = "3.10"\nfiles = ["scanner"]\nstrict = true' in config
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert run.stdout.startswith("Success: no issues found in ")


def test_ruff_is_clean() -> None:
    _checker("ruff")
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "scanner", "tests", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
