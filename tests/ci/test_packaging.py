"""The wheel this repository builds is a complete amlscan: every module, the schemas and the policies.

CI recipes and the GitHub Action install amlscan from such a wheel, so a module or policy missing
from it would only show on a user's runner.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.ci.offline import amlscan_checkout, dependency_folder, fresh_python
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    checkout = amlscan_checkout(tmp_path_factory.mktemp("checkout") / "amlscan")
    dist = checkout / "dist"
    env = fresh_python(tmp_path_factory.mktemp("venv") / "v", dependency_folder(tmp_path_factory.mktemp("deps")))
    subprocess.run(["python", "-m", "pip", "wheel", "--no-deps", "-q", "--wheel-dir", str(dist), str(checkout)], check=True, env=env, cwd=checkout)
    (found,) = dist.glob("amlscan-*.whl")
    return found


def test_wheel_holds_every_module_schema_and_policy(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "scanner").rglob("*") if p.suffix in (".py", ".json") and "__pycache__" not in p.parts}
    expected |= {"scanner/policies/" + p.relative_to(ROOT / "policies").as_posix() for p in (ROOT / "policies").rglob("*") if p.suffix in (".rego", ".yaml")}
    assert expected - names == set()


def test_installed_wheel_scans_with_its_own_policies(wheel: Path, tmp_path: Path) -> None:
    env = fresh_python(tmp_path / "v", dependency_folder(tmp_path / "deps"))
    subprocess.run(["python", "-m", "pip", "install", "-q", str(wheel)], check=True, env=env, cwd=tmp_path)
    listing = subprocess.run(["amlscan", "rules", "--format", "json"], check=True, env=env, cwd=tmp_path, capture_output=True, text=True)
    installed = json.loads(listing.stdout)
    from scanner.evaluate.catalog import load_bundle

    assert installed["policy_bundle"]["sha256"] == load_bundle(ROOT / "policies").sha256
    where = subprocess.run(["python", "-c", "import scanner; print(scanner.__file__)"], check=True, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert where.stdout.startswith(str(tmp_path / "v")), "amlscan must come from the wheel, not the checkout"


def test_the_container_image_builds_from_the_same_sources() -> None:
    """The Dockerfile runs `pip install .` on what it copied: everything the wheel is built from."""
    import shlex

    from tests.ci.offline import CHECKOUT_PARTS

    copied = set()
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("COPY ") and "/opt/amlscan/policies" not in line:
            copied |= {part.rstrip("/") for part in shlex.split(line)[1:-1]}
    assert set(CHECKOUT_PARTS) <= copied
