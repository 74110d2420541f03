"""docs/rules.md is the generated catalogue, and every rule has unit tests for each status."""

from __future__ import annotations

import re

import pytest

from scanner.evaluate.catalog import load_bundle
from scanner.report.rules_markdown import render
from tests.conftest import POLICIES, ROOT


def test_docs_rules_md_is_up_to_date():
    expected = render(load_bundle(POLICIES))
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `amlscan rules --format markdown > docs/rules.md`"


def test_docs_list_every_rule_with_controls_and_fix():
    bundle = load_bundle(POLICIES)
    text = render(bundle)
    for rule in bundle.rules:
        section = text.split(f"## {rule.id}: ", 1)[1].split("\n## ", 1)[0]
        assert "### Controls" in section and "### How to fix" in section, rule.id
    assert "## Framework: HIPAA" in text and "## Framework: General Data Protection Regulation" in text


RULES = sorted(p for p in (POLICIES / "rules").rglob("*.rego") if not p.name.endswith("_test.rego"))


@pytest.mark.parametrize("path", RULES, ids=[p.relative_to(POLICIES).as_posix() for p in RULES])
def test_rule_has_tests_for_pass_fail_and_unknown(path):
    test_file = path.with_name(path.stem + "_test.rego")
    assert test_file.is_file(), f"{path.name} has no {test_file.name}"
    source = test_file.read_text(encoding="utf-8")
    assert len(re.findall(r"^test_\w+ if\b", source, re.MULTILINE)) >= 2
    for status in ("pass", "fail", "unknown"):
        assert f'"{status}"' in source, f"{test_file.name} never expects status {status}"
