"""amlscan.yaml parameters and frameworks sections: defaults, validation errors with paths."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scanner.config import load_config, parameter_defaults, policy_parameters
from scanner.errors import UsageError
from tests.conftest import POLICIES, ROOT
from tests.evaluate.opa_server import require_tool


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "amlscan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_parameter_documents_a_default():
    schema = json.loads((ROOT / "scanner" / "schemas" / "config" / "parameters.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]
    for name, spec in schema["properties"].items():
        assert "default" in spec and spec.get("description"), name
    frameworks = json.loads((ROOT / "scanner" / "schemas" / "config" / "frameworks.schema.json").read_text(encoding="utf-8"))
    for name, spec in frameworks["properties"].items():
        assert "default" in spec and spec.get("description"), name


def test_rego_defaults_equal_schema_defaults():
    opa = require_tool("opa")
    run = subprocess.run([opa, "eval", "-f", "json", "-d", str(POLICIES / "lib"), "data.amlscan.lib.param_defaults"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    rego_defaults = json.loads(run.stdout)["result"][0]["expressions"][0]["value"]
    assert rego_defaults == parameter_defaults()


def test_example_configuration_is_valid():
    config = load_config(ROOT / "amlscan.example.yaml")
    params = policy_parameters(config)
    assert params["max_owners"] == 3
    assert set(params) == set(parameter_defaults())


def test_defaults_fill_missing_parameters(tmp_path):
    params = policy_parameters(load_config(_write(tmp_path, "parameters:\n  max_owners: 5\n")))
    assert params["max_owners"] == 5
    assert params["min_log_retention_days"] == 365


@pytest.mark.parametrize(
    "text, where",
    [
        ("parameters:\n  max_owner: 5\n", "$.parameters"),
        ("parameters:\n  max_owners: many\n", "$.parameters.max_owners"),
        ("parameters:\n  allowed_regions: westeurope\n", "$.parameters.allowed_regions"),
        ("parameters:\n  data_scientist_principal_ids: [not-a-guid]\n", "$.parameters.data_scientist_principal_ids[0]"),
        ("parameters:\n  min_log_retention_days: 7\n", "$.parameters.min_log_retention_days"),
        # the workspace GUID (customerId) where the ARM resource id is meant
        ("parameters:\n  central_log_analytics_workspace_id: 3c5d1e2f-0a4b-4c6d-8e9f-a1b2c3d4e5f6\n",
         "$.parameters.central_log_analytics_workspace_id"),
        ("frameworks:\n  enabled: [hipaa, sox]\n", "$.frameworks.enabled[1]"),
        ("frameworks:\n  run: [hipaa]\n", "$.frameworks"),
        ("frameworks:\n  include_manual: 'yes'\n", "$.frameworks.include_manual"),
    ],
)
def test_wrong_key_or_type_names_the_path(tmp_path, text, where):
    path = _write(tmp_path, text)
    with pytest.raises(UsageError) as error:
        load_config(path)
    message = str(error.value)
    assert str(path.as_posix()) in message
    assert where in message, message
