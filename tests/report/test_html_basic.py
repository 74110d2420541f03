"""The HTML report is self-contained, locked down by CSP and escapes everything from Azure."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scanner.cli import main
from tests.conftest import FIXTURES


def html_for(tmp_path: Path, snapshot: Path) -> str:
    out = tmp_path / "out"
    main(["scan", str(snapshot), "--output-dir", str(out), "--quiet", "--format", "html"])
    return (out / "report.html").read_text()


def test_self_contained_with_csp(tmp_path: Path) -> None:
    page = html_for(tmp_path, FIXTURES / "service-defaults.json")
    assert 'http-equiv="Content-Security-Policy"' in page
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert "@import" not in page and "url(http" not in page


def test_values_from_azure_are_escaped(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "service-defaults.json").read_text())
    evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    entry = data["workspaces"][0]
    entry["id"] = entry["id"] + evil
    entry["workspace"]["resource"]["id"] = entry["id"]
    entry["workspace"]["resource"]["name"] = evil
    entry["workspace"]["resource"]["properties"]["publicNetworkAccess"] = evil
    snapshot = tmp_path / "evil.json"
    snapshot.write_text(json.dumps(data))
    page = html_for(tmp_path, snapshot)
    assert "<script>alert(2)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_trend_against_previous_scan_is_shown(tmp_path: Path) -> None:
    from scanner.report.html import render

    out = tmp_path / "out"
    main(["scan", str(FIXTURES / "service-defaults.json"), "--output-dir", str(out), "--quiet", "--format", "json"])
    document = json.loads((out / "results.json").read_text())
    assert 'id="trend"' not in render(document)
    document["trend"] = {"previous_scan": 1, "previous_scan_id": "scan-<b>1</b>", "previous_collected_at": "2026-11-20T08:00:00Z", "new": 2, "resolved": 1, "changed": 0, "by_status_delta": {"fail": 1, "unknown": -1}}
    page = render(document)
    assert 'id="trend"' in page and "2 new finding(s), 1 resolved" in page
    assert "scan-&lt;b&gt;1&lt;/b&gt;" in page and ">+1<" in page and ">-1<" in page
