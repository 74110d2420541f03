"""Framework controls for the auditor reports: which controls exist, which rules test them, and
their status per workspace.

Controls come from `policies/frameworks/<framework>.yaml` when that file exists (id, title,
description, rules, and manual attestation items). Without it they are derived from each rule's
`frameworks` in the results document, so a report renders from a results file alone. The files are
read leniently (scanner/evaluate/frameworks.py): a missing, unreadable or oddly shaped file falls
back to derivation rather than stopping a report.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.evaluate.document import Attestation, Result, ResultsDocument, RuleEntry
from scanner.evaluate.frameworks import DERIVED, Control, Framework, read_framework_file
from scanner.vocabulary import CONTROL_VERDICTS, FRAMEWORK_TITLES, SEVERITIES, STATUSES

TOP = 5  # failing controls and rules named in the executive summaries


def norm_control_id(value: str) -> str:
    """Compare control ids loosely: '§ 164.312(b)' == '164.312(b)', 'Art. 32(1)(a)' == '32(1)(a)'."""
    text = str(value).lower().replace("§", "").replace("45 cfr", "")
    text = re.sub(r"^\s*(art\.?|article)\s*", "", text)
    return re.sub(r"\s+", "", text)


def _control_sort_key(control_id: str) -> list[Any]:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", control_id) if p]


def frameworks_for(document: ResultsDocument, policies_root: Path | None = None) -> list[Framework]:
    """Every framework the rules of this document map to, with its controls: read (leniently) from
    the policies' framework files, else derived from the rules' metadata, so a report renders from
    a results file alone. A rule whose metadata names a control also tests it, even if the file
    forgot to list it."""
    if policies_root is None:
        from scanner.evaluate.catalog import default_policies_dir

        policies_root = default_policies_dir()
    names: set[str] = set()
    derived: dict[str, dict[str, set[str]]] = {}
    for rule in document.get("rules", []):
        for fw, controls in (rule.get("frameworks") or {}).items():
            names.add(fw)
            for control in controls:
                derived.setdefault(fw, {}).setdefault(str(control), set()).add(rule["id"])
    out: list[Framework] = []
    for name in sorted(names):
        loaded = read_framework_file(Path(policies_root) / "frameworks" / f"{name}.yaml", strict=False)
        if loaded is None:
            found = [Control(cid, "", "", tuple(sorted(rules)), ()) for cid, rules in derived.get(name, {}).items()]
            loaded = Framework(name, FRAMEWORK_TITLES.get(name, name.upper()), "", (), origin=DERIVED)
        else:
            found = [dataclasses.replace(c, rules=tuple(sorted(set(c.rules)))) for c in loaded.controls]
            at = {norm_control_id(c.id): i for i, c in enumerate(found)}  # a loose id shared: the last
            for cid, rules in derived.get(name, {}).items():
                i = at.setdefault(norm_control_id(cid), len(found))
                if i == len(found):
                    found.append(Control(cid, "", "", (), ()))
                found[i] = dataclasses.replace(found[i], rules=tuple(sorted(set(found[i].rules) | rules)))
        found.sort(key=lambda c: _control_sort_key(norm_control_id(c.id)))
        out.append(dataclasses.replace(loaded, controls=tuple(found)))
    return out


def worst(statuses: Iterable[str]) -> str | None:
    present = set(statuses)
    return next((s for s in STATUSES if s in present), None)


@dataclass
class ControlCell:
    status: str | None  # None: no result for this control's rules in this workspace
    results: list[int]  # indexes into document["results"]


def control_cells(control: Control, workspaces: list[str], index: dict[tuple[str, str], list[int]], results: list[Result]) -> dict[str, ControlCell]:
    """Status of a control in each workspace: the worst status of its rules' results there."""
    cells = {}
    for ws in workspaces:
        hits = [i for rule in control.rules for i in index.get((rule, ws.lower()), [])]
        cells[ws] = ControlCell(worst(results[i]["status"] for i in hits), hits)
    return cells


def control_verdict(control: Control, cells: dict[str, ControlCell], attestation: Attestation | None = None) -> str:
    """One word for the executive summary: failed, unknown, waived, passed, manual or n/a.

    A valid attestation (not expired) decides what the rules cannot: `fail` fails the control,
    `pass` passes a control no rule could judge. An expired one is ignored: back to `manual`.
    """
    valid = attestation if attestation and not attestation.get("expired") else None
    if valid and valid.get("status") == "fail":
        return "failed"
    statuses = [c.status for c in cells.values() if c.status]
    if not statuses:
        if valid:
            return "passed"
        return "manual" if control.manual or not control.rules else "n/a"
    overall = worst(statuses)
    if overall == "fail":
        return "failed"
    if overall in ("error", "unknown"):
        return "unknown"
    return "waived" if overall == "waived" else "passed"


@dataclass
class FrameworkStats:
    """What an auditor reads first, per framework: verdict counts and compliance percentages."""

    framework: Framework
    verdicts: dict[str, int]  # control verdict -> number of controls
    control_verdict: dict[str, str]  # control id -> verdict
    failing_workspaces: dict[str, int]  # control id -> workspaces where it fails
    results_total: int
    results_passed: int

    @property
    def decided(self) -> int:
        """Controls with a verdict to count: manual (unattested) and n/a ones are left out."""
        return sum(self.verdicts[v] for v in ("failed", "unknown", "waived", "passed"))

    @property
    def controls_percent(self) -> int | None:
        return percent(self.verdicts["passed"], self.decided)

    @property
    def results_percent(self) -> int | None:
        return percent(self.results_passed, self.results_total)


def percent(part: int, whole: int) -> int | None:
    """Whole percent, rounded down so a report never shows 100 % with something not passing."""
    return None if whole == 0 else (100 * part) // whole


def percent_text(value: int | None) -> str:
    return "—" if value is None else f"{value} %"


def framework_stats(fw: Framework, workspaces: list[str], index: dict[tuple[str, str], list[int]], results: list[Result],
                    attestations: dict[tuple[str, str], Attestation] | None = None) -> FrameworkStats:
    verdicts = dict.fromkeys(CONTROL_VERDICTS, 0)
    by_control, failing = {}, {}
    for control in fw.controls:
        cells = control_cells(control, workspaces, index, results)
        verdict = control_verdict(control, cells, (attestations or {}).get((fw.name, control.id)))
        verdicts[verdict] += 1
        by_control[control.id] = verdict
        failing[control.id] = sum(1 for c in cells.values() if c.status == "fail")
    total = passed = 0
    for result in results:
        if (result.get("frameworks") or {}).get(fw.name):
            total += 1
            passed += result["status"] == "pass"
    return FrameworkStats(fw, verdicts, by_control, failing, total, passed)


def top_failing_rules(results: list[Result], limit: int = TOP) -> list[tuple[str, str, str, int, int]]:
    """(rule id, title, severity, failing results, workspaces) for the rules failing most."""
    seen: dict[str, tuple[str, str, int, set[str]]] = {}
    for r in results:
        if r["status"] == "fail":
            title, severity, count, spaces = seen.get(r["rule_id"], (r["title"], r["severity"], 0, set()))
            spaces.add(r["workspace_id"].lower())
            seen[r["rule_id"]] = (title, severity, count + 1, spaces)
    ranked = sorted(seen.items(), key=lambda kv: (-kv[1][2], SEVERITIES.index(kv[1][1]), kv[0]))
    return [(rule_id, title, severity, count, len(spaces)) for rule_id, (title, severity, count, spaces) in ranked[:limit]]


def top_failing_controls(stats: list[FrameworkStats], limit: int = TOP) -> list[tuple[Framework, Control, int]]:
    """(framework, control, workspaces where it fails) for the controls failing most widely."""
    found = [(s.framework, c, s.failing_workspaces[c.id]) for s in stats for c in s.framework.controls if s.control_verdict[c.id] == "failed"]
    return sorted(found, key=lambda t: (-t[2], t[0].name, _control_sort_key(norm_control_id(t[1].id))))[:limit]


def control_anchor(framework: str, control_id: str) -> str:
    """An HTML id for a control's matrix row: `164.312(a)(1)` -> `c-hipaa-164-312-a-1`."""
    return "c-" + framework.lower() + "-" + re.sub(r"[^A-Za-z0-9]+", "-", control_id).strip("-").lower()


def rules_without_results(document: ResultsDocument) -> list[RuleEntry]:
    """Rules of the bundle that gave no result at all: nothing they judge exists in the scope."""
    judged = {r["rule_id"] for r in document["results"]}
    return [rule for rule in document.get("rules", []) if rule["id"] not in judged]


def applies_to(rule: RuleEntry) -> str:
    """What a rule judges, in words: the last segment of its resource type."""
    kind = str(rule.get("resource_type") or "")
    words = {"workspaces": "workspaces", "computes": "computes", "onlineendpoints": "online endpoints", "batchendpoints": "batch endpoints",
             "datastores": "datastores", "connections": "connections", "storageaccounts": "storage accounts", "vaults": "key vaults",
             "registries": "container registries", "components": "Application Insights components", "roleassignments": "role assignments"}
    last = kind.rsplit("/", 1)[-1]
    return words.get(last.lower(), last or "resources")


def results_index(results: list[Result]) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = {}
    lowered: dict[str, str] = {}  # one lower-cased copy per workspace, not per result (~100 MB at 10,000)
    for i, result in enumerate(results):
        workspace = result["workspace_id"]
        key = lowered.get(workspace)
        if key is None:
            key = lowered[workspace] = workspace.lower()
        index.setdefault((result["rule_id"], key), []).append(i)
    return index


def workspace_ids(document: ResultsDocument) -> list[str]:
    seen: dict[str, str] = {}
    for result in document["results"]:
        seen.setdefault(result["workspace_id"].lower(), result["workspace_id"])
    return [seen[k] for k in sorted(seen)]


def workspace_name(workspace_id: str) -> str:
    return workspace_id.rstrip("/").rsplit("/", 1)[-1]
