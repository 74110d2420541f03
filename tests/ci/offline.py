"""An offline stand-in for a CI runner's Python: a fresh virtual environment that sees the test
environment's installed dependencies but not amlscan itself.

CI recipes install amlscan from a wheel built from a checkout (`pip wheel` + `pip install`). To run
those steps as written without the internet, the fresh environment gets a `.pth` file pointing at a
folder of links to every package of the test environment except amlscan (and its editable-install
hooks), and pip is told to use no index and no build isolation (PIP_NO_INDEX, PIP_NO_BUILD_ISOLATION).
So `pip install amlscan-*.whl` really installs the wheel just built, and finds its dependencies
already satisfied.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import ROOT

# What `actions/checkout` of the amlscan repository provides to `pip wheel`: the package sources.
CHECKOUT_PARTS = ("pyproject.toml", "README.md", "scanner", "policies")
_HIDDEN = ("amlscan-", "__editable__")


def amlscan_checkout(target: Path) -> Path:
    """A copy of this repository's package sources, as a checkout of it would hold them."""
    target.mkdir(parents=True, exist_ok=True)
    for part in CHECKOUT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / part)
    return target


def dependency_folder(target: Path) -> Path:
    """Links to every installed distribution of the test environment except amlscan."""
    site = Path(sysconfig.get_paths()["purelib"])
    target.mkdir(parents=True, exist_ok=True)
    for entry in site.iterdir():
        if entry.name.startswith(_HIDDEN) or entry.name.endswith(".pth"):
            continue
        (target / entry.name).symlink_to(entry)
    return target


def fresh_python(folder: Path, dependencies: Path) -> dict[str, str]:
    """A new virtual environment (no amlscan in it) and the environment variables that put it first
    on PATH and keep pip offline."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    purelib = subprocess.run([str(folder / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "amlscan-test-dependencies.pth").write_text(str(dependencies) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV", "AMLSCAN_"))}
    env.update(
        PATH=f"{folder / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(folder),
        PIP_NO_INDEX="1",
        PIP_NO_BUILD_ISOLATION="0",  # pip's spelling for "do not isolate the build"
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_CACHE_DIR="1",
    )
    return env
