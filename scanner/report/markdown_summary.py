"""`summary.md`: a short Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

Counts by severity and status, control verdicts per framework, the worst failing results (at most
`MAX_ROWS`), and what could not be assessed, grouped by cause. Values from Azure are escaped so a
workspace name cannot inject Markdown, HTML or a table break into a PR comment.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from scanner.report.controls import STATUS_RANK, control_cells, control_verdict, frameworks_for, results_index, workspace_ids, workspace_name

MAX_ROWS = 20
SEVERITY_ORDER = ("critical", "high", "medium", "low")
VERDICTS = ("failed", "not assessed", "waived", "passed", "manual")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # values never start a line, so only inline markup matters


def md(value: Any) -> str:
    """Inline-safe Markdown text: one line, HTML neutralised, Markdown punctuation escaped."""
    text = " ".join(str(value if value is not None else "").split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def render(document: dict[str, Any], policies_root: Path | None = None) -> str:
    from scanner.report.html import unknown_cause

    summary, results = document["summary"], document["results"]
    by_status = summary["by_status"]
    verdict = "failing" if by_status["fail"] else "not fully assessed" if by_status["unknown"] or by_status["error"] else "passing"
    snap, bundle = document["snapshot"], document["policy_bundle"]
    lines = [
        f"## amlscan: {verdict}",
        "",
        f"{summary['workspaces']} workspace(s), {summary['rules']} rules, {summary['total']} results: "
        + ", ".join(f"**{by_status[s]}** {s if s != 'unknown' else 'not assessed'}" for s in STATUS_RANK) + ".",
        f"Policy bundle {md(bundle['name'])} {md(bundle['version'])}; snapshot collected {md(snap.get('collected_at'))}, sha256 `{snap.get('sha256', '')[:12]}`.",
        "",
        "| Severity | " + " | ".join(STATUS_RANK) + " |",
        "|---|" + "---:|" * len(STATUS_RANK),
    ]
    for sev in SEVERITY_ORDER:
        lines.append(f"| {sev} | " + " | ".join(str(summary["by_severity"][sev].get(s, 0)) for s in STATUS_RANK) + " |")
    frameworks = frameworks_for(document, policies_root)
    if frameworks:
        index, workspaces = results_index(results), workspace_ids(document)
        lines += ["", "### Controls", "", "| Framework | " + " | ".join(VERDICTS) + " |", "|---|" + "---:|" * len(VERDICTS)]
        for fw in frameworks:
            counts = {v: 0 for v in VERDICTS}
            for control in fw.controls:
                counts[control_verdict(control, control_cells(control, workspaces, index, results))] += 1
            lines.append(f"| {md(fw.name.upper())} | " + " | ".join(str(counts[v]) for v in VERDICTS) + " |")
    failing = sorted((r for r in results if r["status"] in ("fail", "error")), key=lambda r: (SEVERITY_ORDER.index(r["severity"]), r["status"], r["rule_id"], r["resource_id"].lower()))
    if failing:
        lines += ["", "### Failing", "", "| Severity | Rule | Workspace | Finding |", "|---|---|---|---|"]
        for r in failing[:MAX_ROWS]:
            lines.append(f"| {r['severity']} | `{r['rule_id']}` {md(r['title'])} | {md(workspace_name(r['workspace_id']))} | {md(r['message'])} |")
        if len(failing) > MAX_ROWS:
            lines.append(f"\n…and {len(failing) - MAX_ROWS} more in report.html / findings.csv.")
    groups: dict[tuple[str, str], int] = {}
    for r in results:
        if r["status"] == "unknown":
            key = unknown_cause(r)
            groups[key] = groups.get(key, 0) + 1
    if groups:
        lines += ["", "### Not assessed", ""]
        for (cause, permission), n in sorted(groups.items()):
            lines.append(f"- {n} result(s): {md(cause)}" + (f" (needs `{permission.replace('`', '')}`)" if permission else ""))
    waived = [r for r in results if r.get("waiver")]
    if waived:
        expired = sum(1 for r in waived if r["waiver"].get("expired"))
        lines += ["", f"{len(waived)} waiver(s) applied, {expired} expired; see report.html."]
    return "\n".join(lines) + "\n"
