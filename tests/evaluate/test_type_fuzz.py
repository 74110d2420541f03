"""The rules are total: a property of any JSON type gives the same verdicts on OPA and in Wasm, and no
`error` result.

OPA (the reference, run with strict builtin errors as `--engine opa` runs it) stops a rule with an
`error` when a builtin meets a value of the wrong type; the Wasm module's compiled builtins are not
strict and give undefined instead, which silently drops a verdict (a false pass). So a rule that is
not total shows up here either as an `error` result or as a difference between the engines, on the
type-fuzzed corpus of tests/evaluate/type_fuzz.py (every property path of the fixtures' workspaces,
and every path a rule names in its evidence, given a value of every JSON type).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.evaluate.type_fuzz import TYPE_VALUES, fuzzed_snapshot
from tests.history.helpers import amlscan

SCAN_OPTIONS = ("--format", "json", "--fail-on", "none", "--quiet", "--as-of", "2026-12-01")


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    snapshot = fuzzed_snapshot(seed=1)
    path = tmp_path_factory.mktemp("fuzz") / "fuzzed.json"
    path.write_text(json.dumps(snapshot), encoding="utf-8")
    return path, snapshot


def _scan(folder: Path, snapshot: Path, *engine: str) -> dict[str, Any]:
    code = amlscan("scan", str(snapshot), "--output-dir", str(folder), *SCAN_OPTIONS, *engine)
    assert code in (0, 3), f"scan exited {code}"
    return json.loads((folder / "results.json").read_text(encoding="utf-8"))


def test_the_corpus_gives_every_type_to_the_properties(fuzzed: tuple[Path, dict[str, Any]]) -> None:
    _, snapshot = fuzzed
    assert len(snapshot["workspaces"]) > 400
    kinds: Counter[str] = Counter()
    for entry in snapshot["workspaces"]:
        resource = entry["workspace"].get("resource") or {}
        for value in (resource.get("properties") or {}).values():
            kinds[type(value).__name__] += 1
    # Every JSON type reaches the workspace's properties (dict, list, str, int, float, bool, None).
    assert {"dict", "list", "str", "int", "float", "bool", "NoneType"} <= set(kinds)
    assert set(TYPE_VALUES) == {"null", "number", "string", "boolean", "array", "object"}


def test_rules_are_total_and_wasm_matches_opa(fuzzed: tuple[Path, dict[str, Any]], opa_server: Any, tmp_path: Path) -> None:
    path, _ = fuzzed
    wasm = _scan(tmp_path / "wasm", path)
    opa = _scan(tmp_path / "opa", path, "--engine", "opa", "--opa-url", opa_server.url)
    errors = [r for r in opa["results"] + wasm["results"] if r["status"] == "error"]
    assert not errors, f"{len(errors)} error results, e.g. {errors[0]['message'][:400]}"
    assert opa["results"], "the corpus produced results"
    if opa != wasm:
        differing = [(a["rule_id"], a["resource_id"], a["status"], b["status"]) for a, b in zip(opa["results"], wasm["results"]) if a != b]
        pytest.fail(f"OPA and Wasm differ ({len(opa['results'])} vs {len(wasm['results'])} results): {differing[:5]}")
