"""The HTML report's executive summary: what an auditor reads first.

The verdict (the gate's own, with its threshold), compliance per framework as percentages of
controls and of results, the top failing controls and rules, the scope (subscriptions,
workspaces, templates) and the date, counts by status and severity with charts, the baseline and
trend when known. Every number here is recomputed from the results document by `controls`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.evaluate.document import Trend, waiver_warnings
from scanner.gate.verdict import describe
from scanner.report.controls import control_anchor, percent_text, top_failing_controls, top_failing_rules
from scanner.report.html_page import STATUS_LABEL, Page, badge, verdict_badge
from scanner.report.html_scope import esc as _e
from scanner.report.html_svg import stacked_bars
from scanner.report.scope import is_iac, scan_date, subscriptions
from scanner.vocabulary import CONTROL_VERDICTS, SEVERITIES, STATUSES


def _verdict_box(page: Page) -> str:
    gate = page.doc.get("gate")
    if gate is None:
        return '<div class="verdict v-none"><b>Gate:</b> not recorded in these results (written before amlscan recorded it).</div>'
    text = describe(gate)
    head, _, rest = text.partition(": ")
    flags = f"--fail-on {gate['fail_on']}" + (" --fail-on-unknown" if gate.get("fail_on_unknown") else "")
    baseline = page.doc.get("baseline")
    base = (f'<div>Since the baseline <code>{_e(baseline["path"])}</code>: <b>{int(baseline["new"])}</b> new, '
            f'{int(baseline.get("unchanged", 0))} unchanged, {int(baseline.get("fixed", 0))} fixed findings.</div>') if baseline else ""
    return (f'<div class="verdict g-{_e(gate["verdict"])}" id="gate"><div class="big">Gate {_e(head)}</div>'
            f'<div>{_e(rest)} (<code>{_e(flags)}</code>).</div>{base}</div>')


def _compliance(page: Page) -> str:
    if not page.stats:
        return "<p>No framework controls.</p>"
    rows = []
    for stats in page.stats:
        fw = stats.framework
        rows.append(
            f'<tr data-fw-row="{_e(fw.name)}"><td><b>{_e(fw.name.upper())}</b> <span class="muted">{_e(fw.title)}</span></td>'
            f'<td class="num pct" data-pct="controls">{percent_text(stats.controls_percent)}</td><td class="num">{stats.verdicts["passed"]} of {stats.decided}</td>'
            f'<td class="num pct" data-pct="results">{percent_text(stats.results_percent)}</td><td class="num">{stats.results_passed} of {stats.results_total}</td>'
            + "".join(f'<td class="num">{stats.verdicts[v]}</td>' for v in CONTROL_VERDICTS) + "</tr>"
        )
    return (
        '<table class="compliance"><thead><tr><th>Framework</th><th class="num">Controls passed</th><th class="num">of assessed</th>'
        '<th class="num">Results passed</th><th class="num">of results</th>'
        + "".join(f'<th class="num">{verdict_badge(v)}</th>' for v in CONTROL_VERDICTS) + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        '<p class="muted">Controls passed: controls whose every result passed (or that a valid attestation passes), out of the controls '
        "with a verdict (failed, unknown, waived or passed); manual controls awaiting an attestation and controls none of whose rules "
        "applied (n/a) are not counted. Results passed: passing results of the framework's rules out of all of them. Percentages are "
        "rounded down. A control fails when any rule behind it fails in any workspace; it is unknown when evidence was missing "
        "(never a pass).</p>"
    )


def _scope(page: Page) -> str:
    doc = page.doc
    subs = subscriptions(doc, page.workspaces)
    rows = [("Date", _e(scan_date(doc)))]
    if is_iac(doc):
        scan: Mapping[str, Any] = doc.get("scan") or {}
        files = scan.get("files") or [doc["snapshot"].get("path")]
        rows.append(("Templates", f"{len(files)}: " + ", ".join(f"<code>{_e(f)}</code>" for f in files)))
    else:
        rows.append(("Subscriptions", f"{len(subs)}: " + ", ".join(f"<code>{_e(s)}</code>" for s in subs[:10]) + (" …" if len(subs) > 10 else "")))
    rows.append(("Workspaces", f"{len(page.workspaces)}: " + ", ".join(page.ws_link(w) for w in page.workspaces[:12]) + (f" and {len(page.workspaces) - 12} more (listed under Workspaces)" if len(page.workspaces) > 12 else "")))
    summary = doc["summary"]
    rows.append(("Rules", f"{summary['rules']} evaluated, {summary['total']} results (see the control matrix for the rules that did not apply)"))
    return '<dl class="facts scope">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _top(page: Page) -> str:
    controls = top_failing_controls(page.stats)
    rules = top_failing_rules(page.results)
    if not controls and not rules:
        return '<p class="muted">No control and no rule fails.</p>'
    total = len(page.workspaces)
    c_rows = "".join(
        f'<tr><td><a href="#{control_anchor(fw.name, control.id)}"><b>{_e(fw.name.upper())} {_e(control.id)}</b></a> {_e(control.title)}</td><td class="num">{n} of {total}</td></tr>'
        for fw, control, n in controls
    )
    r_rows = "".join(
        f'<tr><td><a href="#rule-{_e(rule_id)}"><code>{_e(rule_id)}</code></a> {_e(title)} <span class="sev sev-{_e(sev)}">{_e(sev)}</span></td>'
        f'<td class="num">{count}</td><td class="num">{spaces} of {total}</td></tr>'
        for rule_id, title, sev, count, spaces in rules
    )
    return (
        '<div class="grid">'
        f'<div><h3>Top failing controls</h3><table><thead><tr><th>Control</th><th class="num">Workspaces failing</th></tr></thead><tbody>{c_rows}</tbody></table></div>'
        f'<div><h3>Top failing rules</h3><table><thead><tr><th>Rule</th><th class="num">Failing results</th><th class="num">Workspaces</th></tr></thead><tbody>{r_rows}</tbody></table></div>'
        "</div>"
    )


def _trend(trend: Trend | None) -> str:
    """The change since the previous scan of the same scope (from the scan history), when known."""
    if not trend:
        return ""
    deltas = trend.get("by_status_delta") or {}
    cells = "".join(f'<td class="num">{int(deltas.get(s, 0)):+d}</td>' for s in STATUSES)
    return (
        f'<div id="trend"><h3>Since the previous scan</h3><p>Compared with scan {_e(trend.get("previous_scan_id", ""))} '
        f'(collected {_e(trend.get("previous_collected_at") or "at an unknown time")}): {int(trend.get("new", 0))} new finding(s), '
        f'{int(trend.get("resolved", 0))} resolved, {int(trend.get("changed", 0))} changed.</p>'
        "<table><thead><tr>" + "".join(f'<th class="num">{_e(STATUS_LABEL.get(s, s))}</th>' for s in STATUSES)
        + f"</tr></thead><tbody><tr>{cells}</tr></tbody></table></div>"
    )


def executive_summary(page: Page) -> str:
    summary = page.doc["summary"]
    by_status = summary["by_status"]
    cards = "".join(f'<div class="card">{badge(s)}<b>{by_status.get(s, 0)}</b></div>' for s in STATUSES)
    fw_rows = [(s.framework.name.upper(), {v: s.verdicts[v] for v in CONTROL_VERDICTS}) for s in page.stats]
    sev_rows: list[tuple[str, dict[str, int]]] = [(sev.capitalize(), {s: summary["by_severity"][sev].get(s, 0) for s in STATUSES}) for sev in SEVERITIES]
    controls_chart = stacked_bars("Controls by verdict, per framework", fw_rows, CONTROL_VERDICTS) if fw_rows else ""
    warnings = waiver_warnings(page.doc)
    warn = f'<p class="warn">{len(warnings)} waiver warning(s): see <a href="#waivers">Waivers</a>.</p>' if warnings else ""
    return (
        '<section id="summary"><h2>Executive summary</h2>'
        + _verdict_box(page) + warn
        + "<h3>Compliance per framework</h3>" + _compliance(page)
        + "<h3>Scope</h3>" + _scope(page)
        + _top(page)
        + f'<h3>Results</h3><p>{summary["total"]} results of {summary["rules"]} rules on {summary["workspaces"]} workspace(s) '
        '(unknown: evidence missing, not assessed).</p>'
        f'<div class="cards">{cards}</div>{_trend(page.doc.get("trend"))}<div class="grid noprint-charts">'
        f"<div><h3>Controls per framework</h3>{controls_chart}</div>"
        f'<div><h3>Results by severity and status</h3>{stacked_bars("Results by severity and status", sev_rows, STATUSES, STATUS_LABEL)}</div></div>'
        "</section>"
    )
