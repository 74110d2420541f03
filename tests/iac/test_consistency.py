"""The same rule gives the same verdict on the live fixture, the template and the plan of the
same configuration, rule by rule.

Excluded, with the reason IaC cannot express the evidence:
- AML-CMP-005 (compute instance OS image is current): image versions are reported by the running
  service; no template or plan carries them, so IaC says unknown.
- AML-DST-001 (datastores): the workspace's system datastores (workspaceblobstore, ...) are
  created by the service at provisioning, never declared in infrastructure code.
- AML-IAM-009 (data scientists on datastore accounts): the live fixture's curated data lake is a data
  platform account outside the workspace's deployment, and the assignments that apply at a datastore's
  account (datastore_role_assignments) are never complete in infrastructure code (inherited ones), so
  IaC gives no verdict or unknown there.
- AML-KV-006, AML-KV-007, AML-KV-008 (the customer-managed key's rotation, the CMK vault's keys and
  secrets): the twins take the key's URI as a parameter (the key is created outside the deployment), so
  they declare neither it nor the vault's other keys and secrets: unknown or no verdict on IaC.
- AML-DEF-004 (Defender for AI services where the AI connections point): the template's connection
  names an Azure OpenAI account in a literal subscription, not the template's placeholder one, and a
  plan has no connections (no azurerm adapter).
Sections outside any workspace deployment (OUT_OF_SCOPE): every rule that reads them must say
unknown on IaC, which is asserted rather than skipped:
- policy_assignments (AML-GOV-004): Azure Policy is assigned at subscription / management-group
  scope; IaC leaves the section out.
- subscription.activity_log_alerts (AML-MON-001): subscription-level alerts; left out.
- subscription.ml_registries (AML-MLR-00x; AML-RES-003 and AML-RES-004 name it among what they
  could not place): Azure ML registries are shared, subscription-level resources deployed on their
  own; these templates and plans declare none, so the section is `error` and the registry rules are
  unknown (a live collection lists every registry).
- subscription.defender_pricings (AML-DEF-00x): Defender plans are declared by subscription-scope
  code, not by a workspace deployment; the IaC section is `error`.
- role_assignments (AML-IAM-00x): a template declares only its own assignments; inherited ones,
  role definitions and principal facts (guest, deleted) live outside it, so the IaC sections are
  `error`.
Terraform only (not in the azurerm adapter list of issue 6, or not expressible in azurerm):
- AML-CON-001, AML-EPT-001, AML-EPT-002, AML-MON-003: workspace connections and online endpoints
  (and so latency alerts scoped to endpoints) have no adapter (azurerm_machine_learning_*
  resources beyond workspace and computes are not in the issue's list).
- AML-CMP-006 (idle shutdown): azurerm_machine_learning_compute_instance has no idle-shutdown
  attribute, so a plan cannot set it.
- AML-COS-001..003 (the workspace's bring-your-own Cosmos DB account): azurerm_machine_learning_workspace
  has no attribute naming a Cosmos DB account, so from a plan the account is never the workspace's
  (encryption_cosmos_db is nothing linked: no result).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.iac.helpers import IAC, ROOT, scan

EXCLUDED = {"AML-CMP-005", "AML-DST-001", "AML-IAM-009", "AML-KV-006", "AML-KV-007", "AML-KV-008", "AML-DEF-004"}
OUT_OF_SCOPE = ("role_assignments", "policy_assignments", "subscription.activity_log_alerts", "subscription.ml_registries",
                "subscription.defender_pricings")
NOT_PLACED = ("subscription.ml_registries (",)  # named in the unknown verdicts of AML-RES-003/004
EXCLUDED_PLAN = EXCLUDED | {"AML-CON-001", "AML-EPT-001", "AML-EPT-002", "AML-MON-003", "AML-CMP-006", "AML-COS-001", "AML-COS-002",
                            "AML-COS-003"}
CASES = {
    "hipaa": ("hipaa-hardened.json", "hipaa-workspace"),
    "default": ("service-defaults.json", "default-workspace"),
}


def verdicts(results: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for result in results["results"]:
        out.setdefault(result["rule_id"], set()).add(result["status"])
    return out


def out_of_scope_rules(results: dict) -> set[str]:
    return {
        r["rule_id"] for r in results["results"]
        if r["message"].startswith(tuple(f"{s} could not be collected" for s in OUT_OF_SCOPE))
        or (r["status"] == "unknown" and any(s in r["message"] for s in NOT_PLACED))
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_verdicts_live_template_plan(tmp_path: Path, case: str) -> None:
    live_file, stem = CASES[case]
    _, live, _ = scan(tmp_path, str(ROOT / "fixtures" / live_file), "--fail-on", "none", name="live")
    _, template, _ = scan(tmp_path, "--template", str(IAC / f"{stem}.json"), "--parameters", str(IAC / f"{stem}.parameters.json"), "--fail-on", "none", name="template")
    _, plan, _ = scan(tmp_path, "--plan", str(IAC / f"{stem}.tfplan.json"), "--fail-on", "none", name="plan")
    live_v, template_v, plan_v = verdicts(live), verdicts(template), verdicts(plan)
    assert len(live_v) >= 3
    compared = 0
    role_rules = out_of_scope_rules(template)
    assert role_rules == out_of_scope_rules(plan)
    for rule in sorted(role_rules):
        assert template_v[rule] == {"unknown"} and plan_v.get(rule) == {"unknown"}, rule
    for rule in sorted(r["id"] for r in live["rules"]):
        if rule in EXCLUDED or rule in role_rules or rule not in live_v:
            continue
        assert template_v.get(rule) == live_v[rule], f"{rule}: live {live_v[rule]} vs template {template_v.get(rule)}"
        if rule not in EXCLUDED_PLAN:
            assert plan_v.get(rule) == live_v[rule], f"{rule}: live {live_v[rule]} vs plan {plan_v.get(rule)}"
        compared += 1
    assert compared >= len(live_v) - len(EXCLUDED) - len(role_rules) and compared >= 3


def test_what_if_matches_live_hipaa(tmp_path: Path) -> None:
    _, live, _ = scan(tmp_path, str(ROOT / "fixtures" / "hipaa-hardened.json"), "--fail-on", "none", name="live")
    _, what_if, _ = scan(tmp_path, "--what-if", str(IAC / "hipaa-workspace.what-if.json"), "--fail-on", "none", name="wi")
    live_v, wi_v = verdicts(live), verdicts(what_if)
    role_rules = out_of_scope_rules(what_if)
    for rule, statuses in live_v.items():
        if rule not in EXCLUDED - {"AML-CMP-005"} and rule not in role_rules:
            assert wi_v.get(rule) == statuses, rule
