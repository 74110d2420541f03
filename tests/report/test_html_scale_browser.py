"""The auditor's report in a real browser for one, two and 300 workspaces: the control matrix is a
grid (one row per control, one status per workspace, lined up across the tables), the compliance
percentages are the ones the results give, and the printed report stays short (one workspace: at
most 12 A4 pages; 300 workspaces: every grid table fits the width of a page). A screenshot of
each, and the PDF of the one- and two-workspace reports, are kept in the test's tmp dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.report.controls import framework_stats, frameworks_for, percent_text, results_index
from scanner.vocabulary import STATUSES
from tests.conftest import FIXTURES
from tests.report.browser import Page, browser, pdf_pages, print_pdf  # noqa: F401  (the fixture)
from tests.report.conftest import scan_to
from tests.report.html_open_benchmark import build_snapshot

MAX_PAGES_ONE_WORKSPACE = 12
SCOPES = {"one": FIXTURES / "service-defaults.json", "two": FIXTURES / "mixed-forbidden.json", "300": None}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name, snapshot in SCOPES.items():
        folder = tmp_path_factory.mktemp(f"scope-{name}")
        if snapshot is None:  # 300 workspaces, built from the two of mixed-forbidden, really evaluated
            snapshot = build_snapshot(300, folder / "snapshot.json")
        assert scan_to(folder / "out", snapshot, formats="html,json") in (0, 1)
        out[name] = folder / "out"
    return out


def expected_grid(document: dict) -> dict[str, dict[str, dict[str, str | None]]]:
    """framework -> control -> workspace name -> worst status (None: no rule applied), from results.json."""
    index = results_index(document["results"])
    workspaces = sorted({r["workspace_id"] for r in document["results"]}, key=str.lower)
    grid: dict[str, dict[str, dict[str, str | None]]] = {}
    for fw in frameworks_for(document):
        grid[fw.name] = {}
        for control in fw.controls:
            row = {}
            for ws in workspaces:
                statuses = {document["results"][i]["status"] for rule in control.rules for i in index.get((rule, ws.lower()), [])}
                row[ws.rsplit("/", 1)[-1]] = next((s for s in STATUSES if s in statuses), None)
            grid[fw.name][control.id] = row
    return grid


GRID_JS = """(() => {
  const out = {};
  for (const table of document.querySelectorAll('#controls table.matrix')) {
    const fw = table.dataset.framework;
    const heads = Array.from(table.querySelectorAll('thead th.wsh, thead th.wsn')).map(th => th.getAttribute('title') || th.textContent);
    out[fw] = out[fw] || {rows: {}, tables: 0, widths: []};
    out[fw].tables += table.classList.contains('compact') ? 1 : 0;
    out[fw].widths.push(table.getBoundingClientRect().right <= document.documentElement.clientWidth + 1);
    for (const tr of table.querySelectorAll('tbody tr[data-control]')) {
      const cells = Array.from(tr.querySelectorAll('td.cell')).map(td => td.dataset.cell || null);
      const row = out[fw].rows[tr.dataset.control] = out[fw].rows[tr.dataset.control] || {};
      heads.forEach((h, i) => { row[h] = cells[i]; });
      row.__cells = (row.__cells || 0) + cells.length;
    }
  }
  return out;
})()"""


@pytest.mark.parametrize("scope", list(SCOPES))
def test_grid_percentages_and_print(browser: Page, scanned: dict[str, Path], scope: str, tmp_path: Path) -> None:  # noqa: F811
    out = scanned[scope]
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    browser.load(out / "report.html")
    assert browser.problems() == []
    assert browser.js("document.documentElement.getAttribute('data-ready')") == "1"
    workspaces = sorted({r["workspace_id"] for r in document["results"]}, key=str.lower)
    names = [w.rsplit("/", 1)[-1] for w in workspaces]
    assert len(names) == {"one": 1, "two": 2, "300": 300}[scope]

    # The grid: every control a row, one status per workspace, the status the results give.
    shown = browser.js(GRID_JS)
    expected = expected_grid(document)
    number = {str(i + 1): name for i, name in enumerate(names)}  # compact tables head their columns by number (title: the name)
    for fw, controls in expected.items():
        assert set(shown[fw]["rows"]) == set(controls), fw
        assert all(shown[fw]["widths"]), f"a {fw} matrix table is wider than the page"
        for control, row in controls.items():
            got = {number.get(k, k): v for k, v in shown[fw]["rows"][control].items() if k != "__cells"}
            assert shown[fw]["rows"][control]["__cells"] == len(names)
            assert got == row, (fw, control)
    if scope == "300":
        assert all(s["tables"] == 10 for s in shown.values())  # 30 workspaces a grid table: each fits a page

    # The percentages: what the executive summary shows is what the results give.
    index = results_index(document["results"])
    for fw in frameworks_for(document):
        stats = framework_stats(fw, workspaces, index, document["results"])
        cells = browser.js(f"Array.from(document.querySelectorAll('tr[data-fw-row=\"{fw.name}\"] td.pct')).map(td => td.textContent)")
        assert cells == [percent_text(stats.controls_percent), percent_text(stats.results_percent)]

    # Screen and print.
    browser.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
    shot = browser.call("Page.captureScreenshot", format="png", clip={"x": 0, "y": 0, "width": 1280, "height": 2400, "scale": 1}, captureBeyondViewport=True)
    import base64

    (tmp_path / f"report-{scope}.png").write_bytes(base64.b64decode(shot["data"]))
    if scope == "300":
        # Printing 300 workspaces is ~500 pages and ~40 s; what matters for print is that each
        # matrix table fits the width of an A4 page (718 CSS px, 190 mm: within the 194 mm between the 8 mm margins).
        browser.call("Emulation.setEmulatedMedia", media="print")
        browser.call("Emulation.setDeviceMetricsOverride", width=718, height=1000, deviceScaleFactor=1, mobile=False)
        try:
            widths = browser.js("Array.from(document.querySelectorAll('#controls table.matrix')).map(t => Math.ceil(t.getBoundingClientRect().width))")
        finally:
            browser.call("Emulation.setEmulatedMedia", media="")
            browser.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        assert widths and max(widths) <= 718, widths
    else:
        pdf = print_pdf(browser)
        (tmp_path / f"report-{scope}.pdf").write_bytes(pdf)
        pages = pdf_pages(pdf)
        if scope == "one":
            assert pages <= MAX_PAGES_ONE_WORKSPACE, f"one workspace prints on {pages} pages"
        # Two workspaces get two workspaces' budget (16 until the 71-rule library: mixed-forbidden
        # prints on 17 pages since issue 14's rules added its registry, private link and log findings).
        assert 2 <= pages <= 2 * MAX_PAGES_ONE_WORKSPACE
    # in print, passing results stay one line each: their rows take no room
    assert browser.js("Array.from(document.querySelectorAll('details.rule-pass tr[data-result]')).every(tr => !tr.checkVisibility())")


def test_passing_results_expand_on_demand(browser: Page, scanned: dict[str, Path]) -> None:  # noqa: F811
    browser.load(scanned["one"] / "report.html")
    first = browser.js("document.querySelector('details.rule-pass') && document.querySelector('details.rule-pass').id")
    assert first
    assert browser.js(f"document.querySelector('#{first} tr[data-result]').checkVisibility()") is False
    browser.js(f"document.getElementById('{first}').open = true")
    assert browser.js(f"document.querySelector('#{first} tr[data-result]').checkVisibility()") is True
    # a link from the matrix to a passing result opens its line
    target = browser.js("document.querySelector('details.rule-pass:not([open]) tr[data-result]').id")
    browser.js(f"location.hash = '#{target}'")
    browser.js("1")
    assert browser.js(f"document.getElementById('{target}').closest('details').open") is True
