"""Shared test helpers: paths, the SARIF schema, running the CLI in-process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
POLICIES = ROOT / "policies"
REFERENCE = ROOT.parent / "shared" / "reference"
SARIF_SCHEMA = REFERENCE / "sarif" / "sarif-schema-2.1.0.json"


def fixture_snapshots() -> list[Path]:
    return sorted(FIXTURES.glob("*.json"))


@pytest.fixture(scope="session")
def sarif_validator() -> Any:
    """Validates SARIF against the official 2.1.0 schema (skips where the reference is absent)."""
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"official SARIF schema not found at {SARIF_SCHEMA} (../shared/reference is not beside this checkout)")
    from jsonschema import Draft4Validator

    return Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def assert_valid_sarif(validator: Any, sarif: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.absolute_path))
    assert not errors, "SARIF invalid: " + "; ".join(f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:5])


@pytest.fixture(scope="session")
def results_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "scanner" / "schemas" / "results-v1.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


@pytest.fixture(scope="session")
def opa_server() -> Any:
    """One real `opa run --server` on loopback for the whole session; tests push their policies to it.

    Skips without an `opa` binary, fails instead with AMLSCAN_REQUIRE_TOOLS=1 (tests/evaluate/opa_server.py).
    """
    from tests.evaluate.opa_server import OpaServer, require_tool

    server = OpaServer(require_tool("opa"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def policy_bundle_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`amlscan opa-bundle` output of the bundled policies with the default parameters."""
    from scanner.config import parameter_defaults
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.opa_bundle import write_opa_bundle

    return write_opa_bundle(load_bundle(), parameter_defaults(), tmp_path_factory.mktemp("bundle") / "policies.tar.gz")


@pytest.fixture(scope="session")
def opa_bundle_server(policy_bundle_file: Path) -> Any:
    """A second real OPA, started with `--bundle` on `policy_bundle_file` (for --opa-preloaded)."""
    from tests.evaluate.opa_server import OpaServer, require_tool

    server = OpaServer(require_tool("opa"), "--bundle", str(policy_bundle_file))
    yield server
    server.stop()
