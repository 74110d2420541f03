"""Benchmark (not a test): how long report.html for N workspaces takes to open in headless Chromium.

    /tmp/venv/bin/python -m tests.report.html_open_benchmark --workspaces 1000

Builds an N-workspace snapshot from fixtures/mixed-forbidden.json (workspaces renamed), scans it,
renders report.html and loads it over CDP; prints render time, file size, time to the load event
and the time a filter change takes. The lead can call it from bench/ (issue 5 asks for the
1,000-workspace figure in the benchmark, not in a timed test).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.conftest import FIXTURES


def build_snapshot(n: int, target: Path) -> Path:
    data = json.loads((FIXTURES / "mixed-forbidden.json").read_text(encoding="utf-8"))
    templates = [(entry["workspace"]["resource"]["name"], json.dumps(entry)) for entry in data["workspaces"]]
    data["workspaces"] = [json.loads(text.replace(name, f"mlw-bench-{i:05d}")) for i in range(n) for name, text in [templates[i % len(templates)]]]
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


def main() -> None:
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.scan import run_scan
    from scanner.report import html
    from scanner.snapshot.load import load_snapshot
    from tests.report.test_html_browser import CHROMIUM, FLAGS, Page

    parser = argparse.ArgumentParser()
    parser.add_argument("--workspaces", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="amlscan-html-bench-"))
    snapshot = load_snapshot(build_snapshot(args.workspaces, work / "snapshot.json"))
    document = run_scan(snapshot, load_bundle())
    started = time.perf_counter()
    page = html.render(document, snapshot)
    render_s = time.perf_counter() - started
    report = work / "report.html"
    report.write_text(page, encoding="utf-8")
    if CHROMIUM is None:
        raise SystemExit("chromium not installed")
    profile = work / "profile"
    process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        while not (port_file.is_file() and "\n" in port_file.read_text()):
            time.sleep(0.1)
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            target = next(t for t in json.load(response) if t.get("type") == "page")
        browser = Page(target["webSocketDebuggerUrl"])
        browser.ws.settimeout(600)
        for domain in ("Page", "Runtime", "Log"):
            browser.call(f"{domain}.enable")
        started = time.perf_counter()
        browser.load(report)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        browser.js("var s=document.querySelector('select[name=status]'); s.value='fail'; s.dispatchEvent(new Event('change', {bubbles: true}))")
        filter_s = time.perf_counter() - started
        print(json.dumps({
            "workspaces": args.workspaces, "results": len(document["results"]), "html_bytes": len(page.encode()),
            "render_s": round(render_s, 2), "open_to_load_event_s": round(load_s, 2), "filter_s": round(filter_s, 2),
            "page_errors": browser.problems(),
        }, indent=2))
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
