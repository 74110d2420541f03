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
