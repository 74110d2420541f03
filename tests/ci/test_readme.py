"""The README is the front door: its commands are what CI runs, and they work."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def block_after(marker: str) -> str:
    match = re.search(re.escape(f"<!-- ci:{marker} -->") + r"\s*```sh\n(.*?)\n```", README, re.S)
    assert match, f"README has no ci:{marker} block"
    return match.group(1).strip()


def test_ci_runs_the_readme_blocks() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "readme_block install" in script and "readme_block test" in script
    extracted = subprocess.run(
        ["bash", "-c", 'source <(sed -n "/^readme_block()/,/^}/p" .ci/run); readme_block install; readme_block test'],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.splitlines()
    assert extracted == [block_after("install"), block_after("test")]


def test_readme_documents_every_exit_code() -> None:
    for code in range(4):
        assert re.search(rf"^\| {code} \|", README, re.M), code


def test_quick_start_scan_command_names_a_real_fixture() -> None:
    for fixture in re.findall(r"fixtures/[\w.-]+\.json", README):
        assert (ROOT / fixture).is_file(), fixture
