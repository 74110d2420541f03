"""One vocabulary: the words of scanner/vocabulary.py are the ones the JSON Schemas, the CLI and the
reports use, in the same order."""

from __future__ import annotations

import json
import typing
from importlib import resources
from typing import Any

from scanner import vocabulary as V


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resources.files("scanner").joinpath(f"schemas/{name}").read_text("utf-8"))
    return loaded


def test_results_schema_enumerates_the_vocabulary() -> None:
    results = schema("results-v1.schema.json")
    defs = results["$defs"]
    assert set(defs["status"]["enum"]) == set(V.STATUSES)
    assert set(defs["statusCounts"]["required"]) == set(V.STATUSES)
    assert defs["severity"]["enum"] == list(V.SEVERITIES)
    assert results["properties"]["summary"]["properties"]["by_severity"]["required"] == list(V.SEVERITIES)
    gate = results["properties"]["gate"]["properties"]
    assert gate["verdict"]["enum"] == list(V.GATE_VERDICTS)
    assert gate["fail_on"]["enum"] == list(V.FAIL_ON_CHOICES)
    assert results["properties"]["summary"]["properties"]["gate"]["enum"] == list(V.GATE_VERDICTS)


def test_configuration_schemas_use_the_vocabulary() -> None:
    outputs = schema("config/outputs.schema.json")["properties"]
    assert outputs["fail_on"]["enum"] == list(V.FAIL_ON_CHOICES)
    assert outputs["formats"]["default"] == list(V.DEFAULT_FORMATS)
    enabled = schema("config/frameworks.schema.json")["properties"]["enabled"]
    assert enabled["items"]["enum"] == list(V.FRAMEWORK_NAMES) == enabled["default"]


def test_literal_types_match_the_tuples() -> None:
    assert typing.get_args(V.Severity) == V.SEVERITIES
    assert typing.get_args(V.Status) == V.STATUSES
    assert typing.get_args(V.GateVerdict) == V.GATE_VERDICTS
    assert set(V.RULE_STATUSES) < set(V.STATUSES)  # error comes from the engine, waived from the gate


def test_the_cli_and_the_reports_speak_it() -> None:
    from scanner.cli import build_parser
    from scanner.gate.verdict import EXIT_CODES
    from scanner.report.outputs import FORMATS

    scan = build_parser()._subparsers._group_actions[0].choices["scan"]  # type: ignore[union-attr]
    fail_on = next(action for action in scan._actions if "--fail-on" in action.option_strings)
    assert tuple(fail_on.choices) == V.FAIL_ON_CHOICES
    assert set(EXIT_CODES) == set(V.GATE_VERDICTS)
    assert set(V.DEFAULT_FORMATS) <= set(FORMATS)
    assert list(V.SEVERITY_RANK) == list(V.SEVERITIES) and sorted(V.SEVERITY_RANK.values(), reverse=True) == list(V.SEVERITY_RANK.values())
