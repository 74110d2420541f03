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
