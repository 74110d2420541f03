"""The HTML report's findings, unknown results and waivers.

Findings: a rule with anything but passes gets its block (controls, description, the results that
are not passes with their evidence and, for templates, file and line; remediation and references
only when a result fails); its passing results collapse into one expandable line. A rule whose
every result passed is one line, expandable to its results. Collapsed lines stay collapsed in
print, so a printed report holds what needs attention and one line per thing that passed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from scanner.evaluate.document import Evidence, Result, waiver_warnings
from scanner.report.html_page import Page, badge
from scanner.report.html_scope import esc as _e
from scanner.report.html_scope import safe_url
from scanner.vocabulary import SEVERITIES, STATUSES

ACTION_RE = re.compile(r"perform action '([^']+)'")


def _json(value: Any) -> str:
    return _e(json.dumps(value, sort_keys=True, ensure_ascii=False))


def _controls_text(frameworks: dict[str, list[str]]) -> str:
    return "; ".join(f"{_e(fw.upper())} {_e(', '.join(cs))}" for fw, cs in sorted(frameworks.items()))


def _evidence(evidence: list[Evidence]) -> str:
    if not evidence:
        return ""
    items = "".join(
        f"<li><code>{_e(e.get('path'))}</code>: found <code>{_json(e.get('found'))}</code>, expected <code>{_json(e.get('expected'))}</code></li>"
        for e in evidence
    )
    return f'<ul class="ev">{items}</ul>'


def _location(result: Result) -> str:
    where = result.get("location")
    if not where:
        return ""
    note = f'<div class="muted">{_e(where["note"])}</div>' if where.get("note") else ""
    compiled = f' <span class="muted">(compiled: {_e(where["compiled"])})</span>' if where.get("compiled") else ""
    return f'<div class="loc"><code>{_e(where["file"])}:{int(where["line"])}</code>{compiled}</div>{note}'


def _resource(page: Page, result: Result) -> str:
    """Name and kind of the resource (and its workspace when several are in scope), where in the code."""
    same = result["resource_id"].lower() == result["workspace_id"].lower()
    name = result["resource_id"].rstrip("/").rsplit("/", 1)[-1]
    kind = str(result["resource_type"]).rsplit("/", 1)[-1]
    who = f"<b>{_e(name)}</b> <span class=\"muted\">{'workspace' if same else _e(kind)}</span>"
    if len(page.workspaces) > 1 and not same:
        who += f'<div class="muted">in {page.ws_link(result["workspace_id"])}</div>'
    return who + _location(result)


def _row(page: Page, i: int) -> str:
    r = page.results[i]
    waiver = r.get("waiver")
    note = f'<div class="muted">Waiver: {_e(waiver.get("justification"))} (<a href="#waivers">details</a>)</div>' if waiver else ""
    state = f' <span class="muted">{_e(r["baseline_state"])}</span>' if "baseline_state" in r and "baseline" in page.doc else ""
    return (
        f'<tr id="r{i}" data-result {page.attrs(r)}><td>{_resource(page, r)}</td>'
        f"<td>{badge(r['status'])}{state} {_e(r['message'])}{_evidence(r['evidence'])}{note}<div class=\"id{' ws-id' if r['resource_id'].lower() == r['workspace_id'].lower() else ''}\">{_e(r['resource_id'])}</div></td></tr>"
    )


def _pass_row(page: Page, i: int) -> str:
    r = page.results[i]
    same = r["resource_id"].lower() == r["workspace_id"].lower()
    what = "the workspace" if same else r["resource_id"].rstrip("/").rsplit("/", 1)[-1]
    where = r.get("location")
    loc = f' <code>{_e(where["file"])}:{int(where["line"])}</code>' if where else ""
    return f'<tr id="r{i}" data-result {page.attrs(r)}><td>{page.ws_link(r["workspace_id"])}</td><td>{_e(what)}{loc}</td><td>{_e(r["message"])}</td></tr>'


def _table(rows: list[str], head: str) -> str:
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _fix(rule: Mapping[str, Any]) -> str:
    """The remediation text; the Azure CLI and Bicep snippets and the references expand on demand."""
    rem = rule.get("remediation") or {}
    more = ""
    if rem.get("cli"):
        more += f'<div class="muted">Azure CLI</div><pre>{_e(rem["cli"])}</pre>'
    if rem.get("bicep"):
        more += f'<div class="muted">Bicep</div><pre>{_e(rem["bicep"])}</pre>'
    refs = []
    for kind, values in sorted((rule.get("references") or {}).items()):
        for value in values:
            url = safe_url(value) if kind == "docs" else None
            refs.append(f'<a href="{_e(url)}" rel="noreferrer">{_e(url)}</a>' if url else f"{_e(kind)}: <code>{_e(value)}</code>")
    more += f'<div class="muted">References</div><ul class="ev">{"".join(f"<li>{x}</li>" for x in refs) or "<li>none</li>"}</ul>'
    return (f'<div class="fix"><b>Remediation:</b> {_e(rem.get("text", ""))}'
            f'<details class="how"><summary>Azure CLI, Bicep and references</summary>{more}</details></div>')


def _rule_block(page: Page, rule: Mapping[str, Any], hits: list[int]) -> str:
    order = sorted(hits, key=lambda i: (STATUSES.index(page.results[i]["status"]), page.results[i]["workspace_id"].lower(), page.results[i]["resource_id"].lower()))
    open_rows = [i for i in order if page.results[i]["status"] != "pass"]
    passes = [i for i in order if page.results[i]["status"] == "pass"]
    fws = " ".join(sorted(rule.get("frameworks") or {}))
    head = (f'<h3><code>{_e(rule["id"])}</code> {_e(rule["title"])} <span class="sev sev-{_e(rule["severity"])}">{_e(rule["severity"])}</span></h3>'
            f'<p class="meta">Controls: {_controls_text(rule.get("frameworks") or {})} · {_e(rule.get("resource_type"))}</p>')
    passed = ""
    if passes:
        passed = (f'<details class="passes" data-group><summary>{len(passes)} passing result(s)</summary>'
                  + _table([_pass_row(page, i) for i in passes], "<th>Workspace</th><th>Resource</th><th>Finding</th>") + "</details>")
    failing = any(page.results[i]["status"] == "fail" for i in open_rows)
    return (
        f'<div class="rule" id="rule-{_e(rule["id"])}" data-group data-f data-fw="{_e(fws)}" data-sev="{_e(rule["severity"])}">{head}'
        f'<p class="desc">{_e(rule.get("description"))}</p>'
        + _table([_row(page, i) for i in open_rows], "<th class=\"res\">Resource</th><th>Status, finding and evidence</th>")
        + passed + (_fix(rule) if failing else "") + "</div>"
    )


def _passing_rule(page: Page, rule: Mapping[str, Any], hits: list[int]) -> str:
    fws = " ".join(sorted(rule.get("frameworks") or {}))
    order = sorted(hits, key=lambda i: (page.results[i]["workspace_id"].lower(), page.results[i]["resource_id"].lower()))
    return (
        f'<details class="rule-pass" id="rule-{_e(rule["id"])}" data-group data-f data-fw="{_e(fws)}" data-sev="{_e(rule["severity"])}">'
        f'<summary>{badge("pass")} <code>{_e(rule["id"])}</code> {_e(rule["title"])} <span class="muted">· {len(hits)} result(s) passed · '
        f'{_controls_text(rule.get("frameworks") or {})}</span></summary>'
        + _table([_pass_row(page, i) for i in order], "<th>Workspace</th><th>Resource</th><th>Finding</th>") + "</details>"
    )


def findings(page: Page) -> Iterator[str]:
    """Rule by rule: at 10,000 workspaces the section is ~0.4 GB, never joined into one string."""
    by_rule: dict[str, list[int]] = {}
    for i, r in enumerate(page.results):
        by_rule.setdefault(r["rule_id"], []).append(i)
    for rule_id, hits in by_rule.items():
        first = page.results[hits[0]]
        page.rules.setdefault(rule_id, {"id": rule_id, "title": first["title"], "severity": first["severity"], "frameworks": first["frameworks"]})

    def order(rule_id: str) -> tuple[int, int, str]:
        worst_status = min((STATUSES.index(page.results[i]["status"]) for i in by_rule[rule_id]), default=len(STATUSES))
        return worst_status, SEVERITIES.index(page.rules[rule_id]["severity"]), rule_id

    ranked = sorted(by_rule, key=order)
    attention = [r for r in ranked if any(page.results[i]["status"] != "pass" for i in by_rule[r])]
    needs = set(attention)
    passing = [r for r in ranked if r not in needs]
    yield ('<section id="findings"><h2>Findings</h2><p class="muted">Rules with a result that is not a pass, worst first, each with its '
           "evidence; remediation where a result fails. Passing results are one line each: open a line to see them. "
           '<span class="printonly">In print, rule descriptions, fix snippets and passing results stay in the on-screen report, and a long evidence value is cut after three lines.</span></p>')
    for rule_id in attention:
        yield _rule_block(page, page.rules[rule_id], by_rule[rule_id])
    if passing:
        yield f'<h3 id="passing">Rules that passed everywhere ({len(passing)})</h3>'
        for rule_id in passing:
            yield _passing_rule(page, page.rules[rule_id], by_rule[rule_id])
    yield "</section>" if by_rule else "<p>No results.</p></section>"


def unknown_cause(result: Result) -> tuple[str, str]:
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


def unknown_section(page: Page) -> str:
    groups: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(page.results):
        if r["status"] in ("unknown", "error"):
            groups.setdefault(unknown_cause(r), []).append(i)
    parts = ['<section id="unknown"><h2>Unknown: evidence missing</h2>'
             '<p class="muted">Results the scan could not assess (status unknown, and error), grouped by cause. Missing evidence is never counted as a pass.</p>']
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


def waivers_section(page: Page) -> str:
    hits = [i for i, r in enumerate(page.results) if isinstance(r.get("waiver"), dict)]
    warnings = waiver_warnings(page.doc)
    warn = ""
    if warnings:
        items = "".join(f'<li><b>{_e(w["kind"])}</b>: {_e(w["message"])}</li>' for w in warnings)
        warn = f'<div class="warn" id="waiver-warnings"><b>{len(warnings)} waiver warning(s)</b><ul class="ev">{items}</ul></div>'
    if not hits:
        return f'<section id="waivers"><h2>Waivers</h2>{warn}<p>No result is waived.</p></section>'
    rows = []
    for i in sorted(hits, key=lambda i: (not page.results[i]["waiver"].get("expired", False), str(page.results[i]["waiver"].get("expires", "")), i)):
        r, w = page.results[i], page.results[i]["waiver"]
        state = '<span class="badge s-fail">expired</span>' if w.get("expired") else '<span class="badge s-waived">active</span>'
        rows.append(
            f'<tr data-row {page.attrs(r)}><td><a href="#r{i}"><code>{_e(r["rule_id"])}</code></a></td><td>{page.ws_link(r["workspace_id"])}<div class="id">{_e(r["resource_id"])}</div></td>'
            f'<td>{_e(w.get("justification"))}</td><td>{_e(w.get("approver"))}</td><td>{_e(w.get("expires"))}</td><td>{state} {badge(r["status"])}</td></tr>'
        )
    expired = sum(1 for i in hits if page.results[i]["waiver"].get("expired"))
    return (
        f'<section id="waivers"><h2>Waivers</h2>{warn}<p>{len(hits)} waiver(s), {expired} expired (an expired waiver no longer hides the result).</p>'
        "<table><thead><tr><th>Rule</th><th>Workspace and resource</th><th>Justification</th><th>Approver</th><th>Expires</th><th>State</th></tr></thead>"
        f'<tbody>{"".join(rows)}</tbody></table></section>'
    )
