"""Framework controls for the auditor reports: which controls exist, which rules test them, and
their status per workspace.

Controls come from `policies/frameworks/<framework>.yaml` when that file exists (id, title,
description, rules, and manual attestation items). Without it they are derived from each rule's
`frameworks` in the results document, so a report renders from a results file alone. The loader is
deliberately tolerant: a missing, unreadable or oddly shaped file falls back to derivation rather
than stopping a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from scanner.evaluate.frameworks import framework_body

# Worst first: a control's status is the worst status of the results behind it.
STATUS_RANK = ("fail", "error", "unknown", "waived", "pass")
# A control's verdict, one word each (docs/reports.md): `unknown` as for results (evidence missing,
# not assessed), `n/a` when no rule of the control applied (no such resource in scope), `manual`
# when only an attestation can decide it and none is valid.
VERDICTS = ("failed", "unknown", "waived", "passed", "manual", "n/a")
TOP = 5  # failing controls and rules named in the executive summaries
FRAMEWORK_TITLES = {"hipaa": "HIPAA Security Rule (45 CFR Part 164)", "gdpr": "GDPR (Regulation (EU) 2016/679)"}
MANUAL_KEYS = ("manual", "attestations", "manual_attestations", "attestation")


@dataclass
class Control:
    framework: str
    id: str
    title: str = ""
    description: str = ""
    rules: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)  # attestation items an auditor checks by hand


@dataclass
class Framework:
    name: str
    title: str
    controls: list[Control]
    source: str  # the YAML file read, or "derived from rule metadata"


def norm_control_id(value: str) -> str:
    """Compare control ids loosely: '§ 164.312(b)' == '164.312(b)', 'Art. 32(1)(a)' == '32(1)(a)'."""
    text = str(value).lower().replace("§", "").replace("45 cfr", "")
    text = re.sub(r"^\s*(art\.?|article)\s*", "", text)
    return re.sub(r"\s+", "", text)


def _control_sort_key(control_id: str) -> list[Any]:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", control_id) if p]


def _text_items(value: Any) -> list[str]:
    if value is None or value is False:
        return []
    if value is True:
        return ["Attest manually: no rule can test this control from configuration."]
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, dict):
        text = value.get("title") or value.get("text") or value.get("description") or value.get("question") or value.get("id")
        ident = value.get("id")
        if text and ident and text != ident:
            return [f"{ident}: {text}"]
        return [str(text)] if text else []
    if isinstance(value, list):
        return [item for entry in value for item in _text_items(entry)]
    return []


def _controls_from_yaml(name: str, data: Any) -> list[Control] | None:
    if not isinstance(data, dict):
        return None
    raw = data.get("controls")
    if isinstance(raw, dict):  # {control id: {...}}
        raw = [{"id": key, **(value if isinstance(value, dict) else {})} for key, value in raw.items()]
    if not isinstance(raw, list):
        return None
    controls = []
    for entry in raw:
        if not isinstance(entry, dict) or entry.get("id") in (None, ""):
            continue
        manual: list[str] = []
        for key in MANUAL_KEYS:
            manual += _text_items(entry.get(key))
        rules = entry.get("rules") or []
        controls.append(
            Control(
                framework=name,
                id=str(entry["id"]),
                title=str(entry.get("title") or ""),
                description=" ".join(str(entry.get("description") or "").split()),
                rules=sorted({str(r.get("id") if isinstance(r, dict) else r) for r in rules if r} if isinstance(rules, list) else set()),
                manual=manual,
            )
        )
    # Manual items listed beside the controls rather than inside them.
    for key in MANUAL_KEYS:
        extra = data.get(key)
        if isinstance(extra, list):
            for entry in extra:
                if isinstance(entry, dict) and entry.get("id") and not any(c.id == str(entry["id"]) for c in controls):
                    controls.append(Control(name, str(entry["id"]), str(entry.get("title") or ""), " ".join(str(entry.get("description") or "").split()), [], _text_items(entry) or _text_items(True)))
    return controls


def load_framework_file(path: Path) -> Framework | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    name = path.stem.lower()
    data = framework_body(data, name)
    controls = _controls_from_yaml(name, data)
    if controls is None:
        return None
    title = data.get("title") or data.get("name") or FRAMEWORK_TITLES.get(name, name.upper())
    return Framework(name, str(title), controls, f"policies/frameworks/{path.name}")


def frameworks_for(document: dict[str, Any], policies_root: Path | None = None) -> list[Framework]:
    """Every framework the rules of this document map to, with its controls."""
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
    out = []
    for name in sorted(names):
        loaded = load_framework_file(Path(policies_root) / "frameworks" / f"{name}.yaml")
        if loaded is None:
            controls = [Control(name, cid, rules=sorted(rules)) for cid, rules in derived.get(name, {}).items()]
            loaded = Framework(name, FRAMEWORK_TITLES.get(name, name.upper()), controls, "derived from rule metadata")
        else:
            # A rule whose metadata names a control also tests it, even if the YAML forgot to list it.
            by_id = {norm_control_id(c.id): c for c in loaded.controls}
            for cid, rules in derived.get(name, {}).items():
                control = by_id.get(norm_control_id(cid))
                if control is None:
                    control = Control(name, cid, rules=[])
                    loaded.controls.append(control)
                    by_id[norm_control_id(cid)] = control
                control.rules = sorted(set(control.rules) | rules)
        loaded.controls.sort(key=lambda c: _control_sort_key(norm_control_id(c.id)))
        out.append(loaded)
    return out


def worst(statuses: Iterable[str]) -> str | None:
    present = set(statuses)
    return next((s for s in STATUS_RANK if s in present), None)


@dataclass
class ControlCell:
    status: str | None  # None: no result for this control's rules in this workspace
    results: list[int]  # indexes into document["results"]


def control_cells(control: Control, workspaces: list[str], index: dict[tuple[str, str], list[int]], results: list[dict[str, Any]]) -> dict[str, ControlCell]:
    """Status of a control in each workspace: the worst status of its rules' results there."""
    cells = {}
    for ws in workspaces:
        hits = [i for rule in control.rules for i in index.get((rule, ws.lower()), [])]
        cells[ws] = ControlCell(worst(results[i]["status"] for i in hits), hits)
    return cells


def control_verdict(control: Control, cells: dict[str, ControlCell], attestation: dict[str, Any] | None = None) -> str:
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


def framework_stats(fw: Framework, workspaces: list[str], index: dict[tuple[str, str], list[int]], results: list[dict[str, Any]],
                    attestations: dict[tuple[str, str], dict[str, Any]] | None = None) -> FrameworkStats:
    verdicts = {v: 0 for v in VERDICTS}
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


def top_failing_rules(results: list[dict[str, Any]], limit: int = TOP) -> list[tuple[str, str, str, int, int]]:
    """(rule id, title, severity, failing results, workspaces) for the rules failing most."""
    seen: dict[str, tuple[str, str, int, set[str]]] = {}
    for r in results:
        if r["status"] == "fail":
            title, severity, count, spaces = seen.get(r["rule_id"], (r["title"], r["severity"], 0, set()))
            spaces.add(r["workspace_id"].lower())
            seen[r["rule_id"]] = (title, severity, count + 1, spaces)
    order = ("critical", "high", "medium", "low")
    ranked = sorted(seen.items(), key=lambda kv: (-kv[1][2], order.index(kv[1][1]), kv[0]))
    return [(rule_id, title, severity, count, len(spaces)) for rule_id, (title, severity, count, spaces) in ranked[:limit]]


def top_failing_controls(stats: list[FrameworkStats], limit: int = TOP) -> list[tuple[Framework, Control, int]]:
    """(framework, control, workspaces where it fails) for the controls failing most widely."""
    found = [(s.framework, c, s.failing_workspaces[c.id]) for s in stats for c in s.framework.controls if s.control_verdict[c.id] == "failed"]
    return sorted(found, key=lambda t: (-t[2], t[0].name, _control_sort_key(norm_control_id(t[1].id))))[:limit]


def control_anchor(framework: str, control_id: str) -> str:
    """An HTML id for a control's matrix row: `164.312(a)(1)` -> `c-hipaa-164-312-a-1`."""
    return "c-" + framework.lower() + "-" + re.sub(r"[^A-Za-z0-9]+", "-", control_id).strip("-").lower()


def rules_without_results(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Rules of the bundle that gave no result at all: nothing they judge exists in the scope."""
    judged = {r["rule_id"] for r in document["results"]}
    return [rule for rule in document.get("rules", []) if rule["id"] not in judged]


def applies_to(rule: dict[str, Any]) -> str:
    """What a rule judges, in words: the last segment of its resource type."""
    kind = str(rule.get("resource_type") or "")
    words = {"workspaces": "workspaces", "computes": "computes", "onlineendpoints": "online endpoints", "batchendpoints": "batch endpoints",
             "datastores": "datastores", "connections": "connections", "storageaccounts": "storage accounts", "vaults": "key vaults",
             "registries": "container registries", "components": "Application Insights components", "roleassignments": "role assignments"}
    last = kind.rsplit("/", 1)[-1]
    return words.get(last.lower(), last or "resources")


def results_index(results: list[dict[str, Any]]) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = {}
    lowered: dict[str, str] = {}  # one lower-cased copy per workspace, not per result (~100 MB at 10,000)
    for i, result in enumerate(results):
        workspace = result["workspace_id"]
        key = lowered.get(workspace)
        if key is None:
            key = lowered[workspace] = workspace.lower()
        index.setdefault((result["rule_id"], key), []).append(i)
    return index


def workspace_ids(document: dict[str, Any]) -> list[str]:
    seen: dict[str, str] = {}
    for result in document["results"]:
        seen.setdefault(result["workspace_id"].lower(), result["workspace_id"])
    return [seen[k] for k in sorted(seen)]


def workspace_name(workspace_id: str) -> str:
    return workspace_id.rstrip("/").rsplit("/", 1)[-1]
