"""SARIF stays within GitHub code scanning's 25,000 results per run: the most severe are kept."""

from __future__ import annotations

from scanner.report import sarif

RULES = [
    {"id": f"AML-TST-00{i}", "name": f"Rule{i}", "title": "t", "description": "d", "severity": sev, "resource_type": "Microsoft.MachineLearningServices/workspaces",
     "frameworks": {"hipaa": ["164.312(e)(1)"]}, "remediation": {"text": "fix"}, "references": {"docs": []}, "path": f"rules/r{i}.rego"}
    for i, sev in enumerate(("critical", "low"), start=1)
]


def document(n_critical: int, n_low: int) -> dict:
    results = []
    for i in range(n_low + n_critical):
        rule = RULES[0] if i % 2 and n_critical > i // 2 else RULES[1]
        results.append({"rule_id": rule["id"], "severity": rule["severity"], "status": "fail", "resource_id": f"/subscriptions/s/ws/{i}",
                        "resource_type": rule["resource_type"], "workspace_id": f"/subscriptions/s/ws/{i}", "frameworks": rule["frameworks"],
                        "evidence": [], "message": "m"})
    return {"rules": RULES, "results": results, "scanner": {"name": "amlscan", "version": "0"}, "policy_bundle": {}, "snapshot": {"sha256": "x"},
            "summary": {"by_status": {}}}


def locate(result):
    return "snapshot.json", 1, None


def test_small_runs_are_untouched():
    run = sarif.build(document(3, 4), locate)["runs"][0]
    assert len(run["results"]) == 7 and "omittedResults" not in run["properties"]


def test_over_the_limit_keeps_the_most_severe_in_report_order(monkeypatch):
    monkeypatch.setattr(sarif, "MAX_RESULTS_PER_RUN", 10)
    doc = document(6, 9)
    run = sarif.build(doc, locate)["runs"][0]
    kept = run["results"]
    assert len(kept) == 10 and run["properties"]["omittedResults"] == 5
    severities = [r["properties"]["severity"] for r in kept]
    assert severities.count("critical") == sum(1 for r in doc["results"] if r["severity"] == "critical")
    ids = [r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in kept]
    assert ids == sorted(ids, key=lambda x: int(x.rsplit("/", 1)[1]))  # report order kept
