"""Batched evaluation: rules queried on several workspaces at once give exactly the per-workspace results.

A batch query that fails (an error or an undefined verdict on one workspace) is re-run workspace by
workspace, so the failure lands on the workspace that caused it and the others keep their verdicts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.evaluate.catalog import load_bundle
from scanner.evaluate.engine import RegoEngine, RuleFailure, batchable
from scanner.evaluate.run import workspace_input
from scanner.snapshot.load import load_snapshot
from tests.conftest import FIXTURES, POLICIES
from tests.test_engine import policies_with

FIXTURE_FILES = ["hipaa-hardened.json", "service-defaults.json", "mixed-forbidden.json", "pii-marketing.json"]


def fixture_documents() -> list[dict]:
    documents = []
    for name in FIXTURE_FILES:
        snapshot = load_snapshot(FIXTURES / name).data
        documents += [workspace_input(entry, snapshot) for entry in snapshot["workspaces"]]
    return documents


@pytest.fixture(scope="module")
def library_engine() -> RegoEngine:
    return RegoEngine(load_bundle(POLICIES), {"params": {}})


def test_every_library_rule_is_batched(library_engine: RegoEngine) -> None:
    assert library_engine.batched == library_engine.packages and len(library_engine.packages) >= 50


def test_batch_gives_the_per_workspace_results_of_every_rule(library_engine: RegoEngine) -> None:
    documents = fixture_documents()
    alone = [library_engine.evaluate(document) for document in documents]
    together = library_engine.evaluate_batch(documents)
    assert together == alone
    # Not vacuous: the fixtures disagree on most rules.
    assert len({str(outcome) for outcome in alone}) == len(documents)


def test_batch_of_one_and_reordered_batches_agree(library_engine: RegoEngine) -> None:
    documents = fixture_documents()
    forward = library_engine.evaluate_batch(documents)
    backward = library_engine.evaluate_batch(list(reversed(documents)))
    assert backward == list(reversed(forward))


def _documents_with_names(names: list[str]) -> list[dict]:
    return [{"id": f"/ws/{name}", "workspace": {"status": "ok", "resource": {"id": f"/ws/{name}", "type": "t", "name": name}}} for name in names]


def test_error_on_one_workspace_stays_on_that_workspace(tmp_path: Path) -> None:
    body = (
        "verdicts(inp) := {lib.pass(inp.workspace.resource, sprintf(\"%v\", [1 / 0]), [])} if inp.workspace.resource.name == \"bad\"\n\n"
        "verdicts(inp) := {lib.pass(inp.workspace.resource, \"ok\", [])} if inp.workspace.resource.name != \"bad\"\n"
    )
    engine = RegoEngine(load_bundle(policies_with(tmp_path, "boom", body)))
    package = "amlscan.rules.boom"
    assert package in engine.batched
    documents = _documents_with_names(["a", "bad", "c"])
    outcomes = engine.evaluate_batch(documents)
    # The same failure as when the workspace is evaluated alone (rego-cpp gives no location for an
    # error inside a conditional function body).
    assert isinstance(outcomes[1][package], RuleFailure) and outcomes[1][package].message.startswith("engine error")
    assert outcomes[1] == engine.evaluate(_documents_with_names(["bad"])[0])
    for i in (0, 2):
        assert [v["status"] for v in outcomes[i][package]] == ["pass"]
    # Every rule on every workspace, as when evaluated alone.
    assert outcomes == [engine.evaluate(document) for document in documents]


def test_undefined_verdict_on_one_workspace_is_its_own_error(tmp_path: Path) -> None:
    body = "verdicts(inp) := {lib.pass(inp.workspace.resource, \"ok\", [])} if inp.workspace.resource.name != \"gone\"\n"
    engine = RegoEngine(load_bundle(policies_with(tmp_path, "sometimes", body)))
    outcomes = engine.evaluate_batch(_documents_with_names(["a", "gone", "c"]))
    package = "amlscan.rules.sometimes"
    assert isinstance(outcomes[1][package], RuleFailure) and "undefined" in outcomes[1][package].message
    assert [v["resource_id"] for v in outcomes[0][package]] == ["/ws/a"]
    assert [v["resource_id"] for v in outcomes[2][package]] == ["/ws/c"]


def test_rule_reading_input_directly_is_not_batched_and_still_right(tmp_path: Path) -> None:
    # `input` inside a helper would be the whole batch if this rule were batched.
    body = "verdicts(_) := {lib.pass(input.workspace.resource, input.workspace.resource.name, [])}\n"
    engine = RegoEngine(load_bundle(policies_with(tmp_path, "direct", body)))
    assert "amlscan.rules.direct" not in engine.batched and len(engine.batched) == len(engine.packages) - 1
    outcomes = engine.evaluate_batch(_documents_with_names(["a", "b"]))
    assert [[v["message"] for v in o["amlscan.rules.direct"]] for o in outcomes] == [["a"], ["b"]]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("package p\nresults := verdicts(input)\nverdicts(inp) := set()\n", True),
        ("package p\n# reads input only here\nresults := verdicts(input)\nverdicts(inp) := set()\n", True),
        ("package p\nresults := verdicts(input)\nverdicts(_) := {input.id}\n", False),
        ("package p\nresults contains x if x := input.id\n", False),
        ("package p\nresults := verdicts(input) if true\nverdicts(inp) := set()\n", False),
        # A `#` inside a string does not start a comment that would hide a later `input`.
        ('package p\nresults := verdicts(input)\nverdicts(_) := {x} if { x := "a#b"; input.id }\n', False),
        ("package p\nresults := verdicts(input)\nverdicts(_) := {x} if { x := `a#b`; input.id }\n", False),
        ('package p\nresults := verdicts(input)\nverdicts(inp) := {x} if x := "a\\"#" # input here is a comment\n', True),
    ],
)
def test_batchable_shapes(source: str, expected: bool) -> None:
    assert batchable(source) is expected


def test_batch_groups_keep_order_and_hold_at_most_batch_size() -> None:
    from scanner.evaluate.engine import BATCH_SIZE, batch_groups

    documents = [{"id": f"/ws/{i}"} for i in range(2 * BATCH_SIZE + 3)]
    groups = batch_groups(documents)
    assert [document for group in groups for document in group] == documents
    assert [len(group) for group in groups] == [BATCH_SIZE, BATCH_SIZE, 3]
    assert [len(group) for group in batch_groups(documents[:5], 2)] == [2, 2, 1]
    assert batch_groups([]) == []


def test_batch_larger_than_old_byte_limit_gives_the_per_workspace_results(library_engine: RegoEngine) -> None:
    # Built inputs cost time in proportion to their size, so a batch is no longer capped at 128 kB
    # of JSON: the fixtures several times over travel as one batch of far more than that.
    documents = fixture_documents() * 4
    assert len(json.dumps(documents)) > 4 * 128 * 1024 and len(documents) <= 32
    before = library_engine.text_inputs
    together = library_engine.evaluate_batch(documents)
    assert library_engine.text_inputs == before
    assert together == [library_engine.evaluate(document) for document in documents]
