"""`summary.md`: a short Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

The gate's own verdict first (passed, failed or incomplete, with its threshold and, with a
baseline, the new/unchanged/fixed counts), then what was scanned and when, counts by severity and
status, compliance per framework, the worst failing results (at most `MAX_ROWS`, with file and
line for templates), what is unknown grouped by cause, and waiver warnings. Values from Azure are
escaped so a workspace name cannot inject Markdown, HTML or a table break into a PR comment.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from scanner.evaluate.document import ResultsDocument, waiver_warnings
from scanner.gate.attestations import attestation_index
from scanner.report.controls import (
    framework_stats,
    frameworks_for,
    percent_text,
    results_index,
    workspace_ids,
    workspace_name,
)
from scanner.report.scope import scan_date, scanned_what
from scanner.vocabulary import CONTROL_VERDICTS, SEVERITIES, STATUSES

MAX_ROWS = 20
GATE_WORD = {"passed": "gate passed", "failed": "gate failed", "incomplete": "gate incomplete"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # values never start a line, so only inline markup matters


def md(value: Any) -> str:
    """Inline-safe Markdown text: one line, HTML neutralised, Markdown punctuation escaped."""
    text = " ".join(str(value if value is not None else "").split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _headline(document: ResultsDocument) -> list[str]:
    from scanner.gate.verdict import describe

    gate = document.get("gate")
    if gate is None:  # a results file from before the gate was recorded: say only what it holds
        by_status = document["summary"]["by_status"]
        state = "failing results" if by_status["fail"] else "unknown results" if by_status["unknown"] or by_status["error"] else "no failing result"
        return [f"## amlscan: {state}"]
    lines = [f"## amlscan: {GATE_WORD[gate['verdict']]}", "", f"**Gate {md(describe(gate))}** (`--fail-on {gate['fail_on']}`"
             + (", `--fail-on-unknown`" if gate.get("fail_on_unknown") else "") + ")."]
    baseline = document.get("baseline")
    if baseline:
        lines.append(f"Since the baseline `{md(baseline['path'])}`: **{baseline['new']}** new, {baseline.get('unchanged', 0)} unchanged, "
                     f"{baseline.get('fixed', 0)} fixed (findings: fail or unknown results).")
    return lines


def render(document: ResultsDocument, policies_root: Path | None = None) -> str:
    from scanner.report.html_sections import unknown_cause

    summary, results = document["summary"], document["results"]
    by_status = summary["by_status"]
    snap, bundle = document["snapshot"], document["policy_bundle"]
    lines = _headline(document) + [
        "",
        f"{summary['workspaces']} workspace(s), {summary['rules']} rules, {summary['total']} results: "
        + ", ".join(f"**{by_status[s]}** {s}" for s in STATUSES) + " (unknown: evidence missing, not assessed).",
        f"Scanned {md(scanned_what(document))}, {md(scan_date(document))}; policy bundle {md(bundle['name'])} {md(bundle['version'])}, "
        f"snapshot sha256 `{snap.get('sha256', '')[:12]}`.",
        "",
        "| Severity | " + " | ".join(STATUSES) + " |",
        "|---|" + "---:|" * len(STATUSES),
    ]
    for sev in SEVERITIES:
        lines.append(f"| {sev} | " + " | ".join(str(summary["by_severity"][sev].get(s, 0)) for s in STATUSES) + " |")
    frameworks = frameworks_for(document, policies_root)
    if frameworks:
        index, workspaces = results_index(results), workspace_ids(document)
        attested = attestation_index(document)
        lines += ["", "### Compliance", "", "| Framework | controls passed | results passed | " + " | ".join(CONTROL_VERDICTS) + " |",
                  "|---|---:|---:|" + "---:|" * len(CONTROL_VERDICTS)]
        for fw in frameworks:
            stats = framework_stats(fw, workspaces, index, results, attested)
            lines.append(
                f"| {md(fw.name.upper())} | {percent_text(stats.controls_percent)} ({stats.verdicts['passed']} of {stats.decided}) "
                f"| {percent_text(stats.results_percent)} ({stats.results_passed} of {stats.results_total}) | "
                + " | ".join(str(stats.verdicts[v]) for v in CONTROL_VERDICTS) + " |"
            )
    failing = sorted((r for r in results if r["status"] in ("fail", "error")), key=lambda r: (SEVERITIES.index(r["severity"]), r["status"], r["rule_id"], r["resource_id"].lower()))
    if failing:
        with_state = "baseline" in document
        lines += ["", "### Failing", "", "| Severity | Rule | Resource | Finding |" + (" State |" if with_state else ""), "|---|---|---|---|" + ("---|" if with_state else "")]
        for r in failing[:MAX_ROWS]:
            place = md(workspace_name(r["resource_id"]) + ("" if r["resource_id"].lower() == r["workspace_id"].lower() else f" in {workspace_name(r['workspace_id'])}"))
            location = r.get("location")
            if location:  # a code span: only a backtick or a pipe could break out of it
                place += " `" + re.sub(r"[`|\s]", "_", f"{location['file']}:{location['line']}") + "`"
            state = f" {r.get('baseline_state', '')} |" if with_state else ""
            lines.append(f"| {r['severity']} | `{r['rule_id']}` {md(r['title'])} | {place} | {md(r['message'])} |{state}")
        if len(failing) > MAX_ROWS:
            lines.append(f"\n…and {len(failing) - MAX_ROWS} more in report.html / findings.csv.")
    groups: dict[tuple[str, str], int] = {}
    for r in results:
        if r["status"] == "unknown":
            key = unknown_cause(r)
            groups[key] = groups.get(key, 0) + 1
    if groups:
        lines += ["", "### Unknown (evidence missing, not assessed)", ""]
        for (cause, permission), n in sorted(groups.items()):
            lines.append(f"- {n} result(s): {md(cause)}" + (f" (needs `{permission.replace('`', '')}`)" if permission else ""))
    waived = [r for r in results if r.get("waiver")]
    warnings = waiver_warnings(document)
    if waived or warnings:
        expired = sum(1 for r in waived if r["waiver"].get("expired"))
        lines += ["", "### Waivers", "", f"{len(waived)} result(s) carry a waiver, {expired} of them expired; see report.html."]
        lines += [f"- warning: {md(w['message'])}" for w in warnings]
    return "\n".join(lines) + "\n"
