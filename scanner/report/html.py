"""`report.html`: one self-contained page an auditor can read, filter, print and file.

Sections: executive summary (inline SVG), control matrix per framework, findings by rule with
evidence and remediation, what could not be assessed grouped by cause, waivers, workspaces in
scope, scan facts. No external CSS, JS, fonts or images; the one stylesheet and the one script are
allowed by hash in a Content-Security-Policy meta tag (see `html_assets`). Every value that came
from Azure (names, ids, tags, messages built from them) is escaped: they are attacker-controlled.
Output depends only on the results document (and snapshot): no clock, stable ordering.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from scanner.report.controls import (
    STATUS_RANK,
    Framework,
    control_cells,
    control_verdict,
    frameworks_for,
    results_index,
    workspace_ids,
    workspace_name,
)
from scanner.report.html_assets import CSP, SCRIPT, STYLE
from scanner.report.html_scope import esc as _e
from scanner.report.html_scope import facts_section, workspaces_section
from scanner.report.html_svg import stacked_bars

SEVERITY_ORDER = ("critical", "high", "medium", "low")
VERDICTS = ("failed", "not assessed", "waived", "passed", "manual")
STATUS_LABEL = {"fail": "fail", "error": "error", "unknown": "not assessed", "waived": "waived", "pass": "pass"}
LARGE_PAGE_RESULTS = 2000  # above this the browser renders sections lazily (CSS content-visibility)
MATRIX_COLUMNS_MAX = 10  # more workspaces than this: one summary column instead of one per workspace
ACTION_RE = re.compile(r"perform action '([^']+)'")


def _badge(status: str | None) -> str:
    if status is None:
        return '<span class="badge s-none">n/a</span>'
    return f'<span class="badge s-{_e(status)}">{_e(STATUS_LABEL.get(status, status))}</span>'


def _verdict(verdict: str) -> str:
    return f'<span class="badge v-{verdict.replace(" ", "-")}">{_e(verdict)}</span>'


def _json(value: Any) -> str:
    return _e(json.dumps(value, sort_keys=True, ensure_ascii=False))


def _controls_text(frameworks: dict[str, list[str]]) -> str:
    return "; ".join(f"{_e(fw.upper())} {_e(', '.join(cs))}" for fw, cs in sorted(frameworks.items()))


class _Page:
    """Everything the sections share: the document, workspace keys, the result index."""

    def __init__(self, document: dict[str, Any], snapshot: Any, policies_root: Path | None) -> None:
        self.doc = document
        self.results: list[dict[str, Any]] = document["results"]
        self.snapshot = snapshot
        self.workspaces = workspace_ids(document)
        if snapshot is not None:  # workspaces with no result still belong in the scope
            known = {w.lower() for w in self.workspaces}
            extra = [str(w.get("id")) for w in snapshot.workspaces if str(w.get("id", "")).lower() not in known and w.get("id")]
            self.workspaces = sorted(self.workspaces + extra, key=str.lower)
        self.ws_key = {w.lower(): f"w{i}" for i, w in enumerate(self.workspaces)}
        self.index = results_index(self.results)
        self.frameworks: list[Framework] = frameworks_for(document, policies_root)
        self.rules = {rule["id"]: rule for rule in document.get("rules", [])}

    def attrs(self, result: dict[str, Any]) -> str:
        fws = " ".join(sorted(result.get("frameworks") or {}))
        return (
            f'data-f data-fw="{_e(fws)}" data-sev="{_e(result["severity"])}" data-status="{_e(result["status"])}"'
            f' data-ws="{self.ws_key.get(result["workspace_id"].lower(), "")}"'
        )

    def ws_link(self, workspace_id: str) -> str:
        return f'<a href="#{self.ws_key.get(workspace_id.lower(), "")}">{_e(workspace_name(workspace_id))}</a>'


def _filters(page: _Page) -> str:
    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in options)
        return f'<label>{label}<select name="{name}"><option value="">All</option>{opts}</select></label>'

    return (
        '<div class="filters" id="filters" hidden role="search" aria-label="Filter results">'
        + select("fw", "Framework", [(f.name, f.name.upper()) for f in page.frameworks])
        + select("sev", "Severity", [(s, s) for s in SEVERITY_ORDER])
        + select("status", "Status", [(s, STATUS_LABEL[s]) for s in STATUS_RANK])
        + select("ws", "Workspace", [(page.ws_key[w.lower()], workspace_name(w)) for w in page.workspaces])
        + '<button type="button" id="filter-reset">Reset</button><output id="filter-count"></output></div>'
    )


def _executive_summary(page: _Page) -> str:
    summary = page.doc["summary"]
    by_status = summary["by_status"]
    cards = "".join(f'<div class="card">{_badge(s)}<b>{by_status.get(s, 0)}</b></div>' for s in STATUS_RANK)
    fw_rows, table_rows = [], []
    for fw in page.frameworks:
        counts = {v: 0 for v in VERDICTS}
        for control in fw.controls:
            counts[control_verdict(control, control_cells(control, page.workspaces, page.index, page.results))] += 1
        fw_rows.append((fw.name.upper(), counts))
        table_rows.append(f"<tr><td>{_e(fw.title)}</td>" + "".join(f'<td class="num">{counts[v]}</td>' for v in VERDICTS) + f'<td class="num">{len(fw.controls)}</td></tr>')
    sev_rows = [(sev.capitalize(), {s: summary["by_severity"][sev].get(s, 0) for s in STATUS_RANK}) for sev in SEVERITY_ORDER]
    controls_chart = stacked_bars("Controls by verdict, per framework", fw_rows, VERDICTS) if fw_rows else "<p>No framework controls.</p>"
    return (
        '<section id="summary"><h2>Executive summary</h2>'
        f'<p>{summary["workspaces"]} workspace(s) checked against {summary["rules"]} rules: {summary["total"]} results.</p>'
        f'<div class="cards">{cards}</div>{_trend(page.doc.get("trend"))}<div class="grid">'
        f"<div><h3>Controls per framework</h3>{controls_chart}</div>"
        f'<div><h3>Results by severity and status</h3>{stacked_bars("Results by severity and status", sev_rows, STATUS_RANK, STATUS_LABEL)}</div></div>'
        '<table><thead><tr><th>Framework</th>' + "".join(f'<th class="num">{_e(v.capitalize())}</th>' for v in VERDICTS)
        + '<th class="num">Controls</th></tr></thead><tbody>' + "".join(table_rows) + "</tbody></table>"
        '<p class="muted">A control fails when any rule behind it fails in any workspace; it is not assessed when evidence was missing; '
        "manual controls need an attestation no configuration check can give.</p></section>"
    )


def _trend(trend: dict[str, Any] | None) -> str:
    """The change since the previous scan of the same scope (from the scan history), when known."""
    if not trend:
        return ""
    deltas = trend.get("by_status_delta") or {}
    cells = "".join(f'<td class="num">{int(deltas.get(s, 0)):+d}</td>' for s in STATUS_RANK)
    return (
        f'<div id="trend"><h3>Since the previous scan</h3><p>Compared with scan {_e(trend.get("previous_scan_id", ""))} '
        f'(collected {_e(trend.get("previous_collected_at") or "unknown")}): {int(trend.get("new", 0))} new finding(s), '
        f'{int(trend.get("resolved", 0))} resolved, {int(trend.get("changed", 0))} changed.</p>'
        "<table><thead><tr>" + "".join(f'<th class="num">{_e(STATUS_LABEL.get(s, s))}</th>' for s in STATUS_RANK)
        + f"</tr></thead><tbody><tr>{cells}</tr></tbody></table></div>"
    )


def _cell_links(page: _Page, rule_ids: list[str], workspace_id: str) -> str:
    links = []
    for rule_id in rule_ids:
        hits = page.index.get((rule_id, workspace_id.lower()), [])
        if not hits:
            continue
        worst_i = min(hits, key=lambda i: STATUS_RANK.index(page.results[i]["status"]))
        status = page.results[worst_i]["status"]
        links.append(f'<a href="#r{worst_i}" title="{_e(rule_id)}: {_e(STATUS_LABEL[status])}">{_badge(status)} <code>{_e(rule_id)}</code></a>')
    return "<br>".join(links) or '<span class="muted">n/a</span>'


def _worst_link(page: _Page, hits: list[int], label: str) -> str:
    worst_i = min(hits, key=lambda i: (STATUS_RANK.index(page.results[i]["status"]), i))
    return f'<a href="#r{worst_i}" class="st-{_e(page.results[worst_i]["status"])}">{_e(label)}</a>'


def _control_matrix(page: _Page) -> str:
    parts = ['<section id="controls"><h2>Control matrix</h2>'
             '<p class="muted">Each control, the rules that test it and their status in each workspace. Select a status to open the finding behind it.</p>']
    wide = len(page.workspaces) <= MATRIX_COLUMNS_MAX
    for fw in page.frameworks:
        head = "<th>Control</th><th>Verdict</th><th>Rules</th>"
        if wide:
            head += "".join(f'<th data-f data-ws="{page.ws_key[w.lower()]}">{_e(workspace_name(w))}</th>' for w in page.workspaces)
        else:
            head += "<th>Workspaces</th>"
        rows = []
        for control in fw.controls:
            cells = control_cells(control, page.workspaces, page.index, page.results)
            verdict = control_verdict(control, cells)
            desc = f'<div class="muted">{_e(control.description)}</div>' if control.description else ""
            manual = "".join(f"<li>{_e(item)}</li>" for item in control.manual)
            manual = f'<div class="muted">Manual attestation:</div><ul class="ev">{manual}</ul>' if manual else ""
            rule_links = "<br>".join(f'<a href="#rule-{_e(r)}"><code>{_e(r)}</code></a>' for r in control.rules) or "—"
            attest = '<br><span class="badge v-manual" title="manual attestation items also apply">+ attest</span>' if control.manual and verdict != "manual" else ""
            row = f"<tr><td><b>{_e(control.id)}</b> {_e(control.title)}{desc}{manual}</td><td>{_verdict(verdict)}{attest}</td><td>{rule_links}</td>"
            if wide:
                row += "".join(f'<td class="cell" data-f data-ws="{page.ws_key[w.lower()]}">{_cell_links(page, control.rules, w)}</td>' for w in page.workspaces)
            else:
                tally = {s: [w for w, c in cells.items() if c.status == s] for s in STATUS_RANK}
                counts = ", ".join(f"{len(tally[s])} {STATUS_LABEL[s]}" for s in STATUS_RANK if tally[s]) or "no results"
                bad = [w for s in ("fail", "error", "unknown") for w in tally[s]]
                listing = ", ".join(_worst_link(page, cells[w].results, workspace_name(w)) for w in bad)
                more = f'<details><summary>{len(bad)} workspace(s) to review</summary><p class="ws-list">{listing}</p></details>' if bad else ""
                row += f"<td>{counts}{more}</td>"
            rows.append(row + "</tr>")
        parts.append(
            f'<div data-f data-fw="{_e(fw.name)}"><h3>{_e(fw.title)}</h3><p class="meta">Controls: {_e(fw.source)}</p>'
            f'<table class="matrix"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        )
    return "".join(parts) + "</section>"


def _evidence(evidence: list[dict[str, Any]]) -> str:
    if not evidence:
        return ""
    items = "".join(
        f"<li><code>{_e(e.get('path'))}</code>: found <code>{_json(e.get('found'))}</code>, expected <code>{_json(e.get('expected'))}</code></li>"
        for e in evidence
    )
    return f'<ul class="ev">{items}</ul>'


def _safe_url(url: str) -> str | None:
    return url if re.match(r"^https?://[^\s\"'<>]+$", url) else None


def _rule_block(page: _Page, rule: dict[str, Any], hits: list[int]) -> str:
    rem = rule.get("remediation") or {}
    fix = f"<p>{_e(rem.get('text', ''))}</p>"
    if rem.get("cli"):
        fix += f'<div class="muted">Azure CLI</div><pre>{_e(rem["cli"])}</pre>'
    if rem.get("bicep"):
        fix += f'<div class="muted">Bicep</div><pre>{_e(rem["bicep"])}</pre>'
    refs = []
    for kind, values in sorted((rule.get("references") or {}).items()):
        for value in values:
            url = _safe_url(value) if kind == "docs" else None
            refs.append(f'<a href="{_e(url)}" rel="noreferrer">{_e(url)}</a>' if url else f"{_e(kind)}: <code>{_e(value)}</code>")
    rows = []
    for i in sorted(hits, key=lambda i: (STATUS_RANK.index(page.results[i]["status"]), page.results[i]["workspace_id"].lower(), page.results[i]["resource_id"].lower())):
        r = page.results[i]
        waiver = r.get("waiver")
        note = f'<div class="muted">Waiver: {_e(waiver.get("justification"))} (<a href="#waivers">details</a>)</div>' if waiver else ""
        same = r["resource_id"].lower() == r["workspace_id"].lower()
        resource = '<span class="muted">the workspace</span>' if same else f'<div class="id">{_e(r["resource_type"])}</div><div class="id">{_e(r["resource_id"])}</div>'
        rows.append(
            f'<tr id="r{i}" data-result {page.attrs(r)}><td>{page.ws_link(r["workspace_id"])}</td>'
            f"<td>{resource}</td>"
            f"<td>{_badge(r['status'])}</td><td>{_e(r['message'])}{_evidence(r['evidence'])}{note}</td></tr>"
        )
    fws = " ".join(sorted(rule.get("frameworks") or {}))
    return (
        f'<div class="rule" id="rule-{_e(rule["id"])}" data-group data-f data-fw="{_e(fws)}" data-sev="{_e(rule["severity"])}">'
        f'<h3><code>{_e(rule["id"])}</code> {_e(rule["title"])} <span class="sev sev-{_e(rule["severity"])}">{_e(rule["severity"])}</span></h3>'
        f'<p class="meta">Controls: {_controls_text(rule.get("frameworks") or {})} · {_e(rule.get("resource_type"))}</p>'
        f'<p>{_e(rule.get("description"))}</p>'
        f'<div class="cols"><div><b>Remediation</b>{fix}</div><div><b>References</b><ul class="ev">{"".join(f"<li>{x}</li>" for x in refs) or "<li>none</li>"}</ul></div></div>'
        '<table><thead><tr><th>Workspace</th><th>Resource</th><th>Status</th><th>Finding and evidence</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def _findings(page: _Page) -> Iterator[str]:
    """Rule by rule: at 10,000 workspaces the section is ~0.4 GB, never joined into one string."""
    by_rule: dict[str, list[int]] = {}
    for i, r in enumerate(page.results):
        by_rule.setdefault(r["rule_id"], []).append(i)
    for rule_id in by_rule:
        page.rules.setdefault(rule_id, {"id": rule_id, "title": page.results[by_rule[rule_id][0]]["title"], "severity": page.results[by_rule[rule_id][0]]["severity"], "frameworks": page.results[by_rule[rule_id][0]]["frameworks"]})

    def order(rule_id: str) -> tuple[int, int, str]:
        worst_status = min((STATUS_RANK.index(page.results[i]["status"]) for i in by_rule[rule_id]), default=len(STATUS_RANK))
        return worst_status, SEVERITY_ORDER.index(page.rules[rule_id]["severity"]), rule_id

    yield '<section id="findings"><h2>Findings</h2><p class="muted">Every result, grouped by rule, worst first; passes are kept as evidence.</p>'
    for rule_id in sorted(by_rule, key=order):
        yield _rule_block(page, page.rules[rule_id], by_rule[rule_id])
    yield "</section>" if by_rule else "<p>No results.</p></section>"


def unknown_cause(result: dict[str, Any]) -> tuple[str, str]:
    """(cause, permission) for a result that could not be assessed."""
    if result["status"] == "error":
        return "The rule could not be evaluated (engine or rule error)", ""
    cause = "A value the rule needs could not be resolved"
    for e in result.get("evidence") or []:
        path, found = str(e.get("path", "")), e.get("found")
        if path.endswith(".status") and found in ("forbidden", "not_found", "error"):
            section = path[: -len(".status")]
            cause = {"forbidden": f"Section {section}: access forbidden", "not_found": f"Section {section}: not found", "error": f"Section {section}: collection error"}[found]
            break
    action = ACTION_RE.search(result.get("message", ""))
    return cause, action.group(1) if action else ""


def _not_assessed(page: _Page) -> str:
    groups: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(page.results):
        if r["status"] in ("unknown", "error"):
            groups.setdefault(unknown_cause(r), []).append(i)
    parts = ['<section id="not-assessed"><h2>Not assessed</h2>'
             '<p class="muted">What the scan could not see, grouped by cause. Missing evidence is never counted as a pass.</p>']
    if not groups:
        parts.append("<p>Every rule could be assessed on every resource.</p>")
    for (cause, permission), hits in sorted(groups.items()):
        perm = f' · missing permission <code>{_e(permission)}</code>' if permission else ""
        rows = "".join(
            f'<tr data-row {page.attrs(page.results[i])}><td><a href="#r{i}"><code>{_e(page.results[i]["rule_id"])}</code></a></td>'
            f'<td>{page.ws_link(page.results[i]["workspace_id"])}</td><td class="id">{_e(page.results[i]["resource_id"])}</td></tr>'
            for i in hits
        )
        parts.append(
            f'<div data-group><h3>{_e(cause)} <span class="muted">({len(hits)} result(s){perm})</span></h3>'
            f'<p class="muted">For example: {_e(page.results[hits[0]]["message"])}</p>'
            f"<table><thead><tr><th>Rule</th><th>Workspace</th><th>Resource</th></tr></thead><tbody>{rows}</tbody></table></div>"
        )
    return "".join(parts) + "</section>"


def _waivers(page: _Page) -> str:
    hits = [i for i, r in enumerate(page.results) if isinstance(r.get("waiver"), dict)]
    if not hits:
        return '<section id="waivers"><h2>Waivers</h2><p>No result is waived.</p></section>'
    rows = []
    for i in sorted(hits, key=lambda i: (not page.results[i]["waiver"].get("expired", False), str(page.results[i]["waiver"].get("expires", "")), i)):
        r, w = page.results[i], page.results[i]["waiver"]
        state = '<span class="badge s-fail">expired</span>' if w.get("expired") else '<span class="badge s-waived">active</span>'
        rows.append(
            f'<tr data-row {page.attrs(r)}><td><a href="#r{i}"><code>{_e(r["rule_id"])}</code></a></td><td>{page.ws_link(r["workspace_id"])}<div class="id">{_e(r["resource_id"])}</div></td>'
            f'<td>{_e(w.get("justification"))}</td><td>{_e(w.get("approver"))}</td><td>{_e(w.get("expires"))}</td><td>{state} {_badge(r["status"])}</td></tr>'
        )
    expired = sum(1 for i in hits if page.results[i]["waiver"].get("expired"))
    return (
        f'<section id="waivers"><h2>Waivers</h2><p>{len(hits)} waiver(s), {expired} expired (an expired waiver no longer hides the result).</p>'
        "<table><thead><tr><th>Rule</th><th>Workspace and resource</th><th>Justification</th><th>Approver</th><th>Expires</th><th>State</th></tr></thead>"
        f'<tbody>{"".join(rows)}</tbody></table></section>'
    )


def render(document: dict[str, Any], snapshot: Any = None, policies_root: Path | None = None) -> str:
    return "".join(render_pieces(document, snapshot, policies_root))


def render_pieces(document: dict[str, Any], snapshot: Any = None, policies_root: Path | None = None) -> Iterator[str]:
    """The page in pieces, section by section: a large page is written without being built whole
    (at 10,000 workspaces the findings alone are hundreds of MB)."""
    page = _Page(document, snapshot, policies_root)
    yield _head(page)
    for section in (_executive_summary, _control_matrix, _findings, _not_assessed, _waivers, workspaces_section, facts_section):
        rendered = section(page)
        if isinstance(rendered, str):
            yield rendered
        else:
            yield from rendered
    yield _TAIL


def _head(page: _Page) -> str:
    document = page.doc
    snap = document["snapshot"]
    nav = "".join(f'<a href="#{a}">{t}</a>' for a, t in (("summary", "Summary"), ("controls", "Control matrix"), ("findings", "Findings"), ("not-assessed", "Not assessed"), ("waivers", "Waivers"), ("workspaces", "Workspaces"), ("facts", "Scan facts")))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>amlscan compliance report</title>
<style>{STYLE}</style>
</head>
<body{' class="large"' if len(document["results"]) > LARGE_PAGE_RESULTS else ""}>
<header class="top"><h1>Azure Machine Learning compliance report</h1>
<div class="sub">{document["summary"]["workspaces"]} workspace(s) · collected {_e(snap.get("collected_at"))} · {_e(document["scanner"]["name"])} {_e(document["scanner"]["version"])} · policy bundle {_e(document["policy_bundle"]["name"])} {_e(document["policy_bundle"]["version"])} · snapshot sha256 <code>{_e(snap.get("sha256"))}</code></div></header>
<nav class="toc" aria-label="Sections">{nav}</nav>
<main>
{_filters(page)}
"""


_TAIL = f"""
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""
