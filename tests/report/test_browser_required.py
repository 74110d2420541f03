"""CI runs the browser tests rather than skipping them: .ci/run fails when it cannot install
Chromium, and AMLSCAN_REQUIRE_TOOLS=1 turns a missing browser into a failure."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import tests.report.browser as browser
from tests.conftest import ROOT


def test_a_missing_browser_skips_or_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", None)
    monkeypatch.setattr(browser, "REQUIRED", False)
    with pytest.raises(pytest.skip.Exception, match="headless Chromium"):
        browser.require_browser()
    monkeypatch.setattr(browser, "REQUIRED", True)
    with pytest.raises(pytest.fail.Exception, match="AMLSCAN_REQUIRE_TOOLS=1"):
        browser.require_browser()


def test_ci_fails_when_chromium_cannot_be_installed(tmp_path: Path) -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    block = re.search(r'^if \[ "\$\(id -u\)" = "0" \] && command -v apt-get.*?^fi$', script, re.S | re.M)
    assert block, ".ci/run installs chromium"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (("id", "echo 0"), ("apt-get", "echo 'E: Unable to locate package chromium' >&2; exit 100")):
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    done = subprocess.run(["/bin/bash", "-euo", "pipefail", "-c", block.group(0)], env={"PATH": str(bin_dir)}, capture_output=True, text=True)
    assert done.returncode == 1 and "could not install chromium" in done.stderr
