"""Headless Chromium over the Chrome DevTools Protocol, for the HTML report's browser tests.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run). Without it the browser
tests skip with a reason, unless AMLSCAN_REQUIRE_TOOLS=1 (set by .ci/run): then a missing browser
fails them, so CI cannot pass by skipping what it was meant to check.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REQUIRED = os.environ.get("AMLSCAN_REQUIRE_TOOLS") == "1"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", "--window-size=1280,900"]

try:
    import websocket
except ImportError:  # the `test` extra
    websocket = None


def require_browser() -> None:
    """Skip (or, with AMLSCAN_REQUIRE_TOOLS=1, fail) when Chromium or websocket-client is missing."""
    missing = []
    if CHROMIUM is None:
        missing.append("headless Chromium (Debian package `chromium`, installed by .ci/run)")
    if websocket is None:
        missing.append("websocket-client (pip install -e '.[test]')")
    if missing:
        message = " and ".join(missing) + " not installed"
        if REQUIRED:
            pytest.fail(f"{message}; AMLSCAN_REQUIRE_TOOLS=1 makes this a failure, not a skip")
        pytest.skip(message)


class Page:
    """The smallest CDP client this test needs: commands with ids, and the events seen on the way."""

    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"CDP {method} failed: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == event for e in self.events):
            if time.monotonic() > deadline:
                raise AssertionError(f"no {event} within {timeout}s")
            self.events.append(json.loads(self.ws.recv()))

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"evaluating {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def load(self, path: Path) -> None:
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        self.js("1")  # drain: let pending console/exception events arrive before they are read

    def problems(self) -> list[str]:
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:300])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                found.append("log: " + params["entry"].get("text", "")[:300])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append("console: " + json.dumps(params.get("args", []))[:300])
        return found

    def screenshot(self, target: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        target.write_bytes(base64.b64decode(data))
        return target


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF Chromium printed (its page objects; /Type /Pages is the tree, not a page)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def print_pdf(page: Page) -> bytes:
    """The page printed as an auditor would: A4, backgrounds on, no browser header and footer."""
    page.call("Emulation.setEmulatedMedia", media="print")
    try:
        data = page.call("Page.printToPDF", printBackground=True, paperWidth=8.27, paperHeight=11.69, preferCSSPageSize=True)["data"]
    finally:
        page.call("Emulation.setEmulatedMedia", media="")
    return base64.b64decode(data)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    require_browser()
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chromium did not start (exit code {process.poll()})")
            time.sleep(0.1)
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:  # loopback only
            target = next(t for t in json.load(response) if t.get("type") == "page")
        page = Page(target["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log"):
            page.call(f"{domain}.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        yield page
        page.ws.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


