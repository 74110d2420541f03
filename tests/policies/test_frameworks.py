"""Frameworks, rules and references stay in step."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from scanner.errors import UsageError
from scanner.evaluate.catalog import load_bundle
from scanner.evaluate.frameworks import (
    FRAMEWORK_NAMES,
    check_against_rules,
    framework_body,
    load_frameworks,
    manual_items,
    parse_framework,
    select_bundle,
    select_rules,
)
from tests.conftest import POLICIES

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PSRULE = re.compile(r"^Azure(\.[A-Za-z0-9]+){2,3}$")  # Azure.<family>.<check>, a few with a sub-check
CHECKOV = re.compile(r"^CKV2?_AZURE_\d+$")  # CKV2_ are Checkov's graph checks
DOCS = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$")

# The controls issue 4 names as the minimum.
REQUIRED = {
    "hipaa": {
        "164.308(a)(1)(ii)(D)", "164.308(a)(4)", "164.308(a)(7)", "164.312(a)(1)", "164.312(a)(2)(i)",
        "164.312(a)(2)(iv)", "164.312(b)", "164.312(c)(1)", "164.312(d)", "164.312(e)(1)", "164.312(e)(2)(ii)",
    },
    "gdpr": {"5(1)(f)", "25(1)", "25(2)", "30(1)", "32(1)(a)", "32(1)(b)", "32(1)(d)", "33(1)", "44", "45(1)", "46(1)"},
}


@pytest.fixture(scope="module")
def bundle():
    return load_bundle(POLICIES)


@pytest.fixture(scope="module")
def frameworks(bundle):
    return load_frameworks(bundle)


def test_both_frameworks_load_and_agree_with_the_rules(frameworks):
    assert set(frameworks) == set(FRAMEWORK_NAMES)


@pytest.mark.parametrize("name", FRAMEWORK_NAMES)
def test_required_controls_exist(frameworks, name):
    ids = {c.id for c in frameworks[name].controls}
    assert REQUIRED[name] <= ids, sorted(REQUIRED[name] - ids)


def test_every_rule_maps_to_existing_controls_of_both_frameworks(bundle, frameworks):
    for rule in bundle.rules:
        for name in FRAMEWORK_NAMES:
            cited = rule.frameworks.get(name, [])
            assert cited, f"{rule.id} cites no {name} control"
            ids = {c.id for c in frameworks[name].controls}
            assert set(cited) <= ids, f"{rule.id}: unknown {name} controls {sorted(set(cited) - ids)}"
            for control_id in cited:
                assert rule.id in frameworks[name].control(control_id).rules


def test_every_control_is_tested_or_attested(frameworks):
    for framework in frameworks.values():
        for control in framework.controls:
            assert control.rules or control.manual, control.id
    assert any(not c.rules and c.manual for c in frameworks["hipaa"].controls), "manual-only controls are listed"


def test_references_are_well_formed(bundle):
    for rule in bundle.rules:
        refs = rule.references
        assert all(GUID.match(g) for g in refs["azure_policy"]), (rule.id, refs["azure_policy"])
        assert all(PSRULE.match(p) for p in refs["psrule"]), (rule.id, refs["psrule"])
        assert all(CHECKOV.match(c) for c in refs["checkov"]), (rule.id, refs["checkov"])
        assert refs["docs"] and all(DOCS.match(d) for d in refs["docs"]), (rule.id, refs["docs"])


def test_rule_metadata_is_complete(bundle):
    ids = [r.id for r in bundle.rules]
    assert len(ids) == len(set(ids)) >= 50
    for rule in bundle.rules:
        assert rule.remediation.get("text"), rule.id
        if rule.id.split("-")[1] in ("IAM", "RES"):
            continue  # role assignments and locations have no service default to state
        assert "default" in rule.description.lower() or "absent" in rule.description.lower(), f"{rule.id} states no service default"


def _hipaa_doc():
    return framework_body(yaml.safe_load((POLICIES / "frameworks" / "hipaa.yaml").read_text(encoding="utf-8")), "hipaa")


@pytest.mark.parametrize("name", FRAMEWORK_NAMES)
def test_framework_files_are_keyed_by_their_name(name):
    # OPA loads each YAML file of policies/ as data at its folder's path: unkeyed, the two files
    # would collide at data.frameworks (`opa test policies` refused the folder).
    doc = yaml.safe_load((POLICIES / "frameworks" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert list(doc) == [name]
    assert "framework" not in doc[name]


def test_unkeyed_framework_files_are_still_read(bundle, tmp_path):
    body = _hipaa_doc()  # the older form: a `framework` field instead of the key
    (tmp_path / "hipaa.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    loaded = load_frameworks(bundle, tmp_path)
    assert loaded["hipaa"] == parse_framework(body, "hipaa.yaml")


def test_unknown_control_cited_by_rule_is_refused(bundle):
    doc = _hipaa_doc()
    doc["controls"] = [c for c in doc["controls"] if c["id"] != "164.312(b)"]
    framework = parse_framework(doc, "hipaa.yaml")
    with pytest.raises(UsageError, match=r"164\.312\(b\), which the framework does not define"):
        check_against_rules(framework, bundle.rules, "hipaa.yaml")


def test_rule_list_out_of_step_is_refused(bundle):
    doc = _hipaa_doc()
    control = next(c for c in doc["controls"] if c["id"] == "164.312(b)")
    control["rules"] = control["rules"][1:]
    framework = parse_framework(doc, "hipaa.yaml")
    with pytest.raises(UsageError, match="lists rules"):
        check_against_rules(framework, bundle.rules, "hipaa.yaml")


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["controls"][0].update(id="164.312(z)(9)(xx)"), "not a well-formed hipaa citation"),
        (lambda d: d["controls"][0].update(rules=[], manual=[]), "neither rules nor manual"),
        (lambda d: d["controls"].append(copy.deepcopy(d["controls"][0])), "listed twice"),
        (lambda d: d.update(extra=1), "unknown key"),
    ],
)
def test_malformed_framework_files_are_refused(mutate, message):
    doc = _hipaa_doc()
    mutate(doc)
    with pytest.raises(UsageError, match=message):
        parse_framework(doc, "hipaa.yaml")


def test_gdpr_citations_are_article_paragraph_point():
    doc = framework_body(yaml.safe_load((POLICIES / "frameworks" / "gdpr.yaml").read_text(encoding="utf-8")), "gdpr")
    doc["controls"][0]["id"] = "Art. 32"
    with pytest.raises(UsageError, match="not a well-formed gdpr citation"):
        parse_framework(doc, "gdpr.yaml")


def test_select_rules_by_framework(bundle):
    only_hipaa = [r for r in bundle.rules if "hipaa" in r.frameworks]
    assert select_rules(bundle.rules, ["hipaa"]) == only_hipaa
    fake = list(bundle.rules)[:2]
    import dataclasses

    gdpr_only = dataclasses.replace(fake[0], frameworks={"gdpr": ["32(1)(b)"]})
    assert select_rules([gdpr_only, fake[1]], ["hipaa"]) == [fake[1]]
    assert select_bundle(bundle, None) is bundle
    assert select_bundle(bundle, {"enabled": ["gdpr"]}).rules == [r for r in bundle.rules if r.frameworks.get("gdpr")]


def test_manual_items_listed_for_enabled_frameworks(frameworks):
    items = manual_items(frameworks, ["gdpr"])
    assert items and {i["framework"] for i in items} == {"gdpr"}
    assert any(i["control"] == "35(1)" for i in items)
