"""The pinned policy tools for tests: find a binary, run a real `opa run --server` on loopback.

A test that needs a tool asks `require_tool(name)`: the binary from `.tools/bin` (where
`.ci/install-tools.sh` builds the pinned versions) or else from PATH. Without one the test skips
with the reason, unless AMLSCAN_REQUIRE_TOOLS=1 (set by `.ci/run`), where a missing tool fails it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
TOOLS_BIN = ROOT / ".tools" / "bin"
REQUIRE_TOOLS_ENV = "AMLSCAN_REQUIRE_TOOLS"
_METRIC = re.compile(r'^http_request_duration_seconds_count\{code="(\d+)",handler="([^"]+)",method="([a-z]+)"\} (\d+)$', re.M)


def tool_path(name: str) -> str | None:
    local = TOOLS_BIN / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(name)


def require_tool(name: str) -> str:
    """The tool's path; a skip (or, with AMLSCAN_REQUIRE_TOOLS=1, a failure) when there is none."""
    found = tool_path(name)
    if found:
        return found
    reason = f"no `{name}` binary in .tools/bin or on PATH (build the pinned tools with .ci/install-tools.sh)"
    if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_TOOLS_ENV}=1 requires it", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes] | None = None, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError("the server exited: " + (process.stderr.read().decode() if process.stderr else ""))
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            return  # it answers: /health is behind authorization on a server that has it
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not become healthy within {seconds} s")


class OpaServer:
    """`opa run --server` on a free loopback port, with extra arguments (a bundle, authentication)."""

    def __init__(self, binary: str, *args: str) -> None:
        last: Exception | None = None
        for _ in range(3):  # the probed port can be taken before OPA binds it: try another
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            command = [binary, "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level", "error",
                       "--skip-version-check", "--shutdown-grace-period", "1", *args]
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                wait_healthy(self.url, self.process)
                return
            except RuntimeError as exc:
                last = exc
                self.stop()
        raise RuntimeError(f"could not start {' '.join(command)}: {last}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()

    def get(self, path: str, token: str | None = None) -> Any:
        import json

        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {token}"} if token else {})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def send(self, method: str, path: str, body: bytes, token: str | None = None) -> int:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)

    def requests(self) -> dict[tuple[str, str], int]:
        """Requests served so far, by (handler, method), from OPA's Prometheus metrics."""
        with urllib.request.urlopen(self.url + "/metrics", timeout=10) as response:
            text = response.read().decode()
        counts: dict[tuple[str, str], int] = {}
        for _, handler, method, value in _METRIC.findall(text):
            counts[(handler, method)] = counts.get((handler, method), 0) + int(value)
        return counts
