"""The HTML report's control matrix: a grid of controls by workspaces, one status per cell.

Rows are the framework's controls, in citation order, the same rows in every table so they line up
across workspaces; each cell is the control's status in that workspace (the worst status of its
rules' results there, `n/a` when none applied) and links to the finding behind it. Up to
`NAMED_COLUMNS` workspaces one table holds everything: each control with its rules (ids with
titles), manual items and attestation, its verdict, and a named column per workspace. With more,
that table lists the controls once, and the grid follows in compact tables, numbered as in the
workspace list, `CHUNK` workspaces each so a table fits the width of a printed page. The rules
that gave no result anywhere are listed with why.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.evaluate.frameworks import Control
from scanner.report.controls import FrameworkStats, applies_to, control_anchor, rules_without_results, workspace_name
from scanner.report.html_page import STATUS_LABEL, Page, badge, verdict_badge
from scanner.report.html_scope import esc as _e
from scanner.report.html_scope import safe_url
from scanner.vocabulary import STATUSES

NAMED_COLUMNS = 3
CHUNK = 30
LETTER = {"fail": "F", "error": "E", "unknown": "U", "waived": "W", "pass": "P"}


def _attestation(page: Page, framework: str, control: Control) -> str:
    item = page.attestations.get((framework, control.id))
    if item is None:
        return ""
    link = safe_url(str(item["evidence"]))
    evidence = f'<a href="{_e(link)}" rel="noreferrer">{_e(item["evidence"])}</a>' if link else f"<code>{_e(item['evidence'])}</code>"
    note = f" {_e(item['note'])}" if item.get("note") else ""
    if item["expired"]:
        return (f'<div class="attest expired">Attestation by {_e(item["reviewer"])} ({_e(item["date"])}) <b>expired on {_e(item["expires"])}</b>: '
                f"the control counts as manual again. Evidence: {evidence}.{note}</div>")
    return (f'<div class="attest">Attested <b>{_e(item["status"])}</b> by {_e(item["reviewer"])} on {_e(item["date"])}, valid through '
            f"{_e(item['expires'])}. Evidence: {evidence}.{note}</div>")


def _control_cell(page: Page, framework: str, control: Control, first: bool) -> str:
    head = f'<td id="{control_anchor(framework, control.id)}"><b>{_e(control.id)}</b> {_e(control.title)}'
    manual = "".join(f"<li>{_e(item)}</li>" for item in control.manual)
    manual = f'<div class="muted mlabel">Manual attestation:</div><ul class="ev">{manual}</ul>' if manual else ""
    return head + manual + _attestation(page, framework, control) + "</td>"


def _rules_cell(page: Page, control: Control) -> str:
    if not control.rules:
        return '<td class="muted">none: manual</td>'
    items = []
    for rule_id in control.rules:
        rule = page.rules.get(rule_id)
        title = rule.get("title", "") if rule else ""
        items.append(f'<li><a href="#rule-{_e(rule_id)}"><code>{_e(rule_id)}</code></a> {_e(title)}</li>')
    return f'<td><ul class="rules">{"".join(items)}</ul></td>'


def _cell(page: Page, control: Control, workspace: str, compact: bool) -> str:
    hits = [i for rule in control.rules for i in page.index.get((rule, workspace.lower()), [])]
    key = page.ws_key[workspace.lower()]
    if not hits:
        tip = "no rule of this control applied in this workspace" if control.rules else "manual control: no rule tests it"
        text = "·" if compact else "n/a"
        return f'<td class="cell c-none" data-f data-ws="{key}" title="{_e(tip)}">{text}</td>'
    worst_i = min(hits, key=lambda i: (STATUSES.index(page.results[i]["status"]), i))
    status = page.results[worst_i]["status"]
    per_rule: dict[str, str] = {}
    for i in hits:
        rule_id, st = page.results[i]["rule_id"], page.results[i]["status"]
        if rule_id not in per_rule or STATUSES.index(st) < STATUSES.index(per_rule[rule_id]):
            per_rule[rule_id] = st
    tip = f"{workspace_name(workspace)}: " + "; ".join(f"{r} {STATUS_LABEL[s]}" for r, s in sorted(per_rule.items()))
    inner = LETTER[status] if compact else badge(status)
    return f'<td class="cell c-{_e(status)}" data-f data-ws="{key}" data-cell="{_e(status)}"><a href="#r{worst_i}" title="{_e(tip)}">{inner}</a></td>'


def _verdict_cell(control: Control, verdict: str) -> str:
    attest = '<br><span class="badge v-manual" title="manual attestation items also apply">+ attest</span>' if control.manual and verdict != "manual" and control.rules else ""
    return f"<td>{verdict_badge(verdict)}{attest}</td>"


def _controls_table(page: Page, stats: FrameworkStats, workspaces: list[str]) -> str:
    """Controls with verdict and rules; with few workspaces, a named status column for each."""
    fw = stats.framework
    heads = "".join(f'<th class="wsh" data-f data-ws="{page.ws_key[w.lower()]}" title="{_e(workspace_name(w))}">{_e(workspace_name(w))}</th>' for w in workspaces)
    rows = []
    for control in fw.controls:
        cells = "".join(_cell(page, control, w, compact=False) for w in workspaces)
        rows.append(f'<tr data-control="{_e(control.id)}">{_control_cell(page, fw.name, control, True)}{_verdict_cell(control, stats.control_verdict[control.id])}'
                    f"{_rules_cell(page, control)}{cells}</tr>")
    return (f'<table class="matrix{" controls" if not workspaces else ""}" data-framework="{_e(fw.name)}" data-chunk="0">'
            f"<thead><tr><th>Control</th><th>Verdict</th><th>Rules</th>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _grid(page: Page, stats: FrameworkStats) -> Iterator[str]:
    fw = stats.framework
    if len(page.workspaces) <= NAMED_COLUMNS:
        yield _controls_table(page, stats, page.workspaces)
        return
    yield _controls_table(page, stats, [])
    for n, start in enumerate(range(0, len(page.workspaces), CHUNK)):
        chunk = page.workspaces[start:start + CHUNK]
        lo, hi = page.ws_number[chunk[0].lower()], page.ws_number[chunk[-1].lower()]
        yield f'<h4>{_e(fw.name.upper())}: status per workspace, workspaces {lo} to {hi} of {len(page.workspaces)}</h4>'
        heads = "".join(f'<th class="wsn" data-f data-ws="{page.ws_key[w.lower()]}" title="{_e(workspace_name(w))}">{page.ws_number[w.lower()]}</th>' for w in chunk)
        yield (f'<table class="matrix compact" data-framework="{_e(fw.name)}" data-chunk="{n + 1}">'
               f'<thead><tr><th class="cid">Control</th><th class="cv">Verdict</th>{heads}</tr></thead><tbody>')
        for control in fw.controls:
            verdict = stats.control_verdict[control.id]
            yield (f'<tr data-control="{_e(control.id)}"><td class="cid"><a href="#{control_anchor(fw.name, control.id)}">{_e(control.id)}</a></td>'
                   f'<td class="cv">{verdict_badge(verdict)}</td>' + "".join(_cell(page, control, w, True) for w in chunk) + "</tr>")
        yield "</tbody></table>"


def _not_applied(page: Page) -> str:
    doc = page.doc
    missing = rules_without_results(doc)
    total = doc["summary"]["rules"]
    judged = total - len(missing)
    text = (f'<p id="coverage">{total} rules evaluated: {judged} gave {doc["summary"]["total"]} results '
            f"(a rule gives one result per resource it judges), {len(missing)} gave none.</p>")
    if not missing:
        return text
    rows = "".join(
        f'<tr><td><code>{_e(rule["id"])}</code> {_e(rule["title"])}</td><td>{_e(applies_to(rule))}</td>'
        f'<td>no {_e(applies_to(rule))} in the {"workspace" if len(page.workspaces) == 1 else "workspaces"} scanned: nothing for the rule to judge</td></tr>'
        for rule in missing
    )
    return (text + '<h3 id="not-applied">Rules that did not apply</h3>'
            '<table><thead><tr><th>Rule</th><th>Judges</th><th>Why no result</th></tr></thead><tbody>' + rows + "</tbody></table>")


def control_matrix(page: Page) -> Iterator[str]:
    legend = ", ".join(f"{badge(s)}" for s in STATUSES)
    yield ('<section id="controls"><h2>Control matrix</h2>'
           f'<p class="muted">Each control of each framework (rows) in each workspace (columns): the worst status of the control\'s rules there '
           f'({legend}; <span class="badge s-none">n/a</span> no rule of the control applied). Select a status to open the finding behind it. '
           "The verdict column is the control across all workspaces.</p>")
    if len(page.workspaces) > NAMED_COLUMNS:
        yield ('<p class="muted">Per framework, the controls with their rules, then the status of each control in each workspace, '
               'columns numbered as in <a href="#workspaces">Workspaces in scope</a>: F fail, E error, U unknown, W waived, P pass, · n/a.</p>')
    for stats in page.stats:
        fw = stats.framework
        yield f'<div class="fw" data-f data-fw="{_e(fw.name)}"><h3>{_e(fw.title)}</h3><p class="meta">Controls: {_e(fw.origin)}</p>'
        yield from _grid(page, stats)
        yield "</div>"
    yield _not_applied(page) + "</section>"
