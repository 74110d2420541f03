"""report.html in a real browser: headless Chromium driven over the Chrome DevTools Protocol.

For every fixture: the page loads from a file:// URL with no script error, no console error and no
CSP violation; the filter script ran (it is allowed by its CSP hash); the key sections are there;
the filters work; the print stylesheet hides the controls; with JavaScript off everything is
shown. A screenshot of each page is saved in the test's tmp dir. A snapshot with `<script>` and
`"><img onerror=...>` planted in workspace names, ids and tags proves nothing executes and no
element is injected.

Needs Debian's `chromium` (installed by .ci/run) and `websocket-client` (the `test` extra); see
tests/report/browser.py for when a missing browser skips and when it fails.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.report.browser import Page, browser  # noqa: F401  (the fixture)
from tests.report.conftest import scan_to

PLANTED_SCRIPT = "<script>window.__pwned='script';document.title='PWNED'</script>"
PLANTED_IMG = "\"><img src=x onerror=\"window.__pwned='img';document.title='PWNED'\">"

@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for snapshot in sorted(FIXTURES.glob("*.json")):
        folder = tmp_path_factory.mktemp(f"html-{snapshot.stem}")
        assert scan_to(folder, snapshot, formats="html") in (0, 1)
        out[snapshot.stem] = folder / "report.html"
    return out


@pytest.mark.parametrize("fixture", [p.stem for p in sorted(FIXTURES.glob("*.json"))])
def test_report_renders_without_errors(browser: Page, reports: dict[str, Path], fixture: str, tmp_path: Path) -> None:  # noqa: F811  (the fixture)
    browser.load(reports[fixture])
    assert browser.problems() == []
    assert browser.js("document.documentElement.getAttribute('data-ready')") == "1", "the filter script did not run (CSP hash?)"
    state = browser.js(
        """({
          title: document.title,
          svgs: document.querySelectorAll('#summary svg.chart').length,
          matrices: document.querySelectorAll('#controls table.matrix').length,
          rules: document.querySelectorAll('#findings .rule').length,
          results: document.querySelectorAll('[data-result]').length,
          filtersShown: !document.getElementById('filters').hidden,
          count: document.getElementById('filter-count').textContent,
          facts: document.querySelector('#facts dl.facts') !== null,
          width: document.documentElement.scrollWidth
        })"""
    )
    assert state["title"] == "amlscan compliance report"
    assert state["svgs"] == 2 and state["matrices"] >= 1 and state["rules"] >= 1 and state["facts"]
    assert state["filtersShown"] and state["count"] == f"{state['results']} results"
    assert state["width"] <= 1280, "the page scrolls sideways at 1280px"
    shot = browser.screenshot(tmp_path / f"report-{fixture}.png")
    assert shot.stat().st_size > 10_000


def test_filters_hide_and_restore(browser: Page, reports: dict[str, Path]) -> None:  # noqa: F811  (the fixture)
    browser.load(reports["mixed-forbidden"])
    visible = "Array.from(document.querySelectorAll('[data-result]')).filter(e => !e.hidden)"
    total = browser.js("document.querySelectorAll('[data-result]').length")
    browser.js("var s=document.querySelector('select[name=status]'); s.value='fail'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    statuses = browser.js(f"{visible}.map(e => e.dataset.status)")
    assert statuses and set(statuses) == {"fail"} and len(statuses) < total
    # A rule group with no failing row left is hidden as a whole.
    assert browser.js("Array.from(document.querySelectorAll('#findings .rule')).every(g => g.hidden === (g.querySelector('[data-result]:not([hidden])') === null))")
    browser.js("var w=document.querySelector('select[name=ws]'); w.value=w.options[1].value; w.dispatchEvent(new Event('change', {bubbles: true}))")
    wanted = browser.js("document.querySelector('select[name=ws]').value")
    assert set(browser.js(f"{visible}.map(e => e.dataset.ws)")) <= {wanted}
    assert browser.js("document.getElementById('filter-count').textContent") == f"{len(set(browser.js(visible + '.map(e => e.id)')))} of {total} results shown"
    browser.js("document.getElementById('filter-reset').click()")
    assert browser.js(f"{visible}.length") == total
    assert browser.problems() == []


def test_print_stylesheet_hides_controls(browser: Page, reports: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811  (the fixture)
    browser.load(reports["mixed-forbidden"])
    browser.call("Emulation.setEmulatedMedia", media="print")
    try:
        hidden = browser.js("['filters'].map(id => getComputedStyle(document.getElementById(id)).display).concat([getComputedStyle(document.querySelector('nav.toc')).display])")
        assert hidden == ["none", "none"]
        pdf = base64.b64decode(browser.call("Page.printToPDF", printBackground=True)["data"])
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        (tmp_path / "report.pdf").write_bytes(pdf)
    finally:
        browser.call("Emulation.setEmulatedMedia", media="")


def test_readable_with_javascript_off(browser: Page, reports: dict[str, Path]) -> None:  # noqa: F811  (the fixture)
    browser.call("Emulation.setScriptExecutionDisabled", value=True)
    try:
        browser.load(reports["mixed-forbidden"])
        state = browser.js(
            "({ready: document.documentElement.getAttribute('data-ready'), filters: document.getElementById('filters').hidden,"
            " hiddenRows: document.querySelectorAll('[data-result][hidden]').length, rows: document.querySelectorAll('[data-result]').length,"
            " shownRows: Array.from(document.querySelectorAll('[data-result]')).filter(e => e.getClientRects().length > 0).length})"
        )
    finally:
        browser.call("Emulation.setScriptExecutionDisabled", value=False)
    assert state["ready"] is None  # the page script really did not run
    assert state["filters"] is True  # no dead controls
    assert state["rows"] > 0 and state["hiddenRows"] == 0 and state["shownRows"] == state["rows"]


def test_planted_markup_does_not_execute(browser: Page, tmp_path: Path) -> None:  # noqa: F811  (the fixture)
    data = json.loads((FIXTURES / "mixed-forbidden.json").read_text(encoding="utf-8"))
    for n, entry in enumerate(data["workspaces"]):
        payload = PLANTED_SCRIPT if n % 2 == 0 else PLANTED_IMG
        resource = entry["workspace"]["resource"]
        resource["name"] = f"mlw{payload}"
        resource["tags"] = {"owner": payload, f"k{PLANTED_IMG}": PLANTED_SCRIPT}
        old_id = entry["id"]
        new_id = old_id + payload.replace("/", "_")
        text = json.dumps(entry).replace(json.dumps(old_id)[1:-1], json.dumps(new_id)[1:-1])
        data["workspaces"][n] = json.loads(text)
    snapshot = tmp_path / "planted.json"
    snapshot.write_text(json.dumps(data), encoding="utf-8")
    assert scan_to(tmp_path / "out", snapshot, formats="html") in (0, 1)
    page_file = tmp_path / "out" / "report.html"
    browser.load(page_file)
    state = browser.js(
        "({pwned: window.__pwned || null, title: document.title, scripts: document.scripts.length,"
        " imgs: document.images.length, onerror: document.querySelectorAll('[onerror]').length,"
        " text: document.body.textContent.includes(\"<script>window.__pwned='script'\") && document.body.textContent.includes('<img src=x onerror=')})"
    )
    browser.screenshot(tmp_path / "planted.png")
    assert state == {"pwned": None, "title": "amlscan compliance report", "scripts": 1, "imgs": 0, "onerror": 0, "text": True}
    assert browser.problems() == []  # not even a CSP refusal: nothing tried to run
