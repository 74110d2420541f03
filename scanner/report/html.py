"""`report.html`: one self-contained page an auditor can read, filter, print, sign and file.

Sections: executive summary (the gate's verdict, compliance per framework, top failing controls
and rules, scope and date; `html_summary`), control matrix as a grid of controls by workspaces with
attestations and the rules that did not apply (`html_matrix`), findings (failing rules in full,
passing results one line each, expandable), what is unknown grouped by cause, waivers
(`html_sections`), workspaces in scope, scan facts and a sign-off block (`html_scope`). No external
CSS, JS, fonts or images; the one stylesheet and the one script are allowed by hash in a
Content-Security-Policy meta tag (see `html_assets`). Every value that came from Azure (names, ids,
tags, messages built from them) is escaped: they are attacker-controlled. Output depends only on
the results document (and snapshot): no clock, stable ordering.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scanner.evaluate.document import ResultsDocument
from scanner.report.controls import workspace_name
from scanner.report.html_assets import CSP, SCRIPT, STYLE
from scanner.report.html_page import STATUS_LABEL, Page
from scanner.report.html_scope import esc as _e
from scanner.report.html_scope import facts_section, signoff_section, workspaces_section
from scanner.report.scope import scan_date, scanned_what
from scanner.vocabulary import SEVERITIES, STATUSES

LARGE_PAGE_RESULTS = 2000  # above this the browser renders sections lazily (CSS content-visibility)


def _filters(page: Page) -> str:
    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in options)
        return f'<label>{label}<select name="{name}"><option value="">All</option>{opts}</select></label>'

    return (
        '<div class="filters" id="filters" hidden role="search" aria-label="Filter results">'
        + select("fw", "Framework", [(f.name, f.name.upper()) for f in page.frameworks])
        + select("sev", "Severity", [(s, s) for s in SEVERITIES])
        + select("status", "Status", [(s, STATUS_LABEL[s]) for s in STATUSES])
        + select("ws", "Workspace", [(page.ws_key[w.lower()], workspace_name(w)) for w in page.workspaces])
        + '<button type="button" id="filter-reset">Reset</button><output id="filter-count"></output></div>'
    )


def render(document: ResultsDocument, snapshot: Any = None, policies_root: Path | None = None) -> str:
    return "".join(render_pieces(document, snapshot, policies_root))


def render_pieces(document: ResultsDocument, snapshot: Any = None, policies_root: Path | None = None) -> Iterator[str]:
    """The page in pieces, section by section: a large page is written without being built whole
    (at 10,000 workspaces the findings alone are hundreds of MB)."""
    from scanner.report.html_matrix import control_matrix
    from scanner.report.html_sections import findings, unknown_section, waivers_section
    from scanner.report.html_summary import executive_summary

    page = Page(document, snapshot, policies_root)
    yield _head(page)
    for section in (executive_summary, control_matrix, findings, unknown_section, waivers_section, workspaces_section, facts_section, signoff_section):
        rendered = section(page)
        if isinstance(rendered, str):
            yield rendered
        else:
            yield from rendered
    yield _TAIL


def _head(page: Page) -> str:
    document = page.doc
    nav = "".join(f'<a href="#{a}">{t}</a>' for a, t in (("summary", "Summary"), ("controls", "Control matrix"), ("findings", "Findings"), ("unknown", "Unknown"), ("waivers", "Waivers"), ("workspaces", "Workspaces"), ("facts", "Scan facts")))
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
<div class="sub">{document["summary"]["workspaces"]} workspace(s) · {_e(scanned_what(document))} · {_e(scan_date(document))} · {_e(document["scanner"]["name"])} {_e(document["scanner"]["version"])} · policy bundle {_e(document["policy_bundle"]["name"])} {_e(document["policy_bundle"]["version"])}</div></header>
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
