"""The engine wrapper: compile errors, runtime errors pinned on the rule, silence never a pass.

The embedded engine compiles these custom policies with `opa`, so the tests skip where there is
none (and fail under AMLSCAN_REQUIRE_TOOLS=1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.errors import UsageError
from scanner.evaluate.catalog import load_bundle
from scanner.evaluate.scan import run_scan
from scanner.snapshot.load import load_snapshot
from tests.conftest import FIXTURES, POLICIES

RULE_HEADER = """# METADATA
# title: {title}
# description: test rule
# custom:
#   id: {id}
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(b)"]
#   remediation:
#     text: none
package amlscan.rules.test.{package}

import data.amlscan.lib

# METADATA
# entrypoint: true
"""


@pytest.fixture(autouse=True)
def compiled_with_opa(monkeypatch, tmp_path_factory) -> None:
    """The embedded engine compiles these custom policies with `opa` (skips without one)."""
    from tests.evaluate.wasm_support import require_opa

    require_opa()
    monkeypatch.setenv("AMLSCAN_CACHE_DIR", str(tmp_path_factory.mktemp("wasm-cache")))


def policies_with(tmp_path: Path, name: str, body: str, rule_id: str = "AML-TST-001") -> Path:
    root = tmp_path / "policies"
    shutil.copytree(POLICIES, root, ignore=shutil.ignore_patterns("*_test.rego"))
    (root / "rules" / "test").mkdir(parents=True, exist_ok=True)
    (root / "rules" / "test" / f"{name}.rego").write_text(RULE_HEADER.format(title=name, id=rule_id, package=name) + body)
    return root


def scan_with(policies: Path, fixture: str = "hipaa-hardened.json") -> dict:
    return run_scan(load_snapshot(FIXTURES / fixture), load_bundle(policies), workers=1)


# A complete rule given two values: an evaluation error on every engine (OPA: eval_conflict_error;
# the Wasm module aborts with "var assignment conflict"), raised while the rule builds its results.
CONFLICT = """results contains lib.pass(lib.workspace, name, [])

name := input.id

name := "a second value"
"""


def test_runtime_error_becomes_error_result_naming_rule_and_resource(tmp_path: Path) -> None:
    policies = policies_with(tmp_path, "two_values", CONFLICT)
    document = scan_with(policies)
    errors = [r for r in document["results"] if r["status"] == "error"]
    assert len(errors) == 1
    assert errors[0]["rule_id"] == "AML-TST-001"
    assert "rules/test/two_values.rego" in errors[0]["message"]
    assert "engine error:" in errors[0]["message"] and "var assignment conflict" in errors[0]["message"]
    assert errors[0]["resource_id"].endswith("mlw-oncology-prod")
    # every other rule still judged the workspace
    others = {r["rule_id"] for r in document["results"] if r["status"] != "error"}
    assert {"AML-NET-001", "AML-ENC-001", "AML-LOG-001"} <= others


def test_silent_workspace_rule_is_an_error_not_a_pass(tmp_path: Path) -> None:
    # Partial set rules whose conditions never hold: `results` is the empty set.
    policies = policies_with(tmp_path, "says_nothing", "results contains lib.pass(lib.workspace, \"never\", []) if input.no_such_section\n")
    document = scan_with(policies)
    mine = [r for r in document["results"] if r["rule_id"] == "AML-TST-001"]
    assert [r["status"] for r in mine] == ["error"]
    assert "no verdict" in mine[0]["message"]


def test_conflicting_verdicts_are_an_error(tmp_path: Path) -> None:
    body = "results contains lib.pass(lib.workspace, \"a\", [])\n\nresults contains lib.fail(lib.workspace, \"b\", [])\n"
    document = scan_with(policies_with(tmp_path, "two_minds", body))
    mine = [r for r in document["results"] if r["rule_id"] == "AML-TST-001"]
    assert [r["status"] for r in mine] == ["error"]
    assert "conflicting" in mine[0]["message"]


def test_malformed_verdict_is_an_error(tmp_path: Path) -> None:
    body = "results contains {\"status\": \"ok\", \"resource_id\": \"x\"}\n"
    document = scan_with(policies_with(tmp_path, "bad_shape", body))
    mine = [r for r in document["results"] if r["rule_id"] == "AML-TST-001"]
    assert [r["status"] for r in mine] == ["error"]
    assert "status" in mine[0]["message"]


def test_undefined_results_are_an_error(tmp_path: Path) -> None:
    # `results` as a complete rule whose condition fails is undefined (a partial set rule never is).
    body = "results := {lib.pass(lib.workspace, \"a\", [])} if input.no_such_section.status == \"ok\"\n"
    document = scan_with(policies_with(tmp_path, "undefined_results", body))
    mine = [r for r in document["results"] if r["rule_id"] == "AML-TST-001"]
    assert [r["status"] for r in mine] == ["error"]


def test_error_results_exit_3_after_writing_reports(tmp_path: Path) -> None:
    policies = policies_with(tmp_path, "two_values", CONFLICT)
    out = tmp_path / "out"
    code = main(["scan", str(FIXTURES / "hipaa-hardened.json"), "--policies", str(policies), "--output-dir", str(out), "--quiet"])
    assert code == 3
    assert json.loads((out / "results.json").read_text())["summary"]["by_status"]["error"] == 1


def test_syntax_error_names_file_and_line(tmp_path: Path, capsys) -> None:
    policies = policies_with(tmp_path, "broken", "results contains lib.pass(lib.workspace, \"a\", []) if {\n\tinput.id\n")
    code = main(["scan", str(FIXTURES / "hipaa-hardened.json"), "--policies", str(policies), "--output-dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "rules/test/broken.rego:" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_missing_metadata_is_usage_error(tmp_path: Path) -> None:
    root = policies_with(tmp_path, "fine", "results contains lib.pass(lib.workspace, \"fine\", [])\n")
    (root / "rules" / "test" / "nometa.rego").write_text("package amlscan.rules.test.nometa\n\nresults contains \"x\" if false\n")
    with pytest.raises(UsageError, match="nometa.rego: rule has no '# METADATA' block"):
        load_bundle(root)


def test_duplicate_rule_id_is_usage_error(tmp_path: Path) -> None:
    root = policies_with(tmp_path, "dup", "results contains lib.pass(lib.workspace, \"dup\", [])\n", rule_id="AML-NET-001")
    with pytest.raises(UsageError, match="already used"):
        load_bundle(root)


def test_policy_bundle_hash_changes_with_any_rego(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(POLICIES, root)
    before = load_bundle(root).sha256
    test_file = next(root.rglob("*_test.rego"))
    test_file.write_text(test_file.read_text() + "\n# changed\n")
    assert load_bundle(root).sha256 != before


def test_rules_do_not_receive_iac_source_locations() -> None:
    from scanner.evaluate.run import workspace_input

    entry = {"id": "/w", "workspace": {"status": "ok", "resource": None}, "source_locations": {"/w": {"file": "t.json", "start_line": 3}}}
    document = workspace_input(entry, {"workspaces": [entry], "source": {"kind": "arm-template"}})
    assert "source_locations" not in document
    assert entry["source_locations"], "the snapshot itself keeps them for SARIF"
    assert document["context"]["source"] == {"kind": "arm-template"}
