"""A failed Azure sign-in is one clear paragraph: the mode, what it tried, what to run. Not the Azure
SDK's log and its exception text, one after the other (the SDK's warning used to repeat the error)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SUBSCRIPTION = "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f"
AZURE_VARS = ("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_CLIENT_CERTIFICATE_PATH", "IDENTITY_ENDPOINT", "MSI_ENDPOINT")


def amlscan(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in AZURE_VARS}
    env["PATH"] = str(Path(sys.executable).parent)  # no Azure CLI on it
    env["HOME"] = str(tmp_path)  # no cached CLI or developer sign-in
    return subprocess.run([sys.executable, "-m", "scanner", *argv], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(("argv", "tried", "fix"), [
    (("collect", "--output", "{tmp}/s.json", "--auth", "service-principal-env"), "AZURE_CLIENT_SECRET", "Set AZURE_TENANT_ID"),
    (("collect", "--output", "{tmp}/s.json", "--auth", "cli"), "az account get-access-token", "az login"),
    (("collect", "--output", "{tmp}/s.json", "--auth", "workload-identity"), "AZURE_FEDERATED_TOKEN_FILE", "azure/login"),
    (("scan", "--output-dir", "{tmp}/out", "--auth", "cli"), "az account get-access-token", "az login"),
])
def test_failed_sign_in_is_one_paragraph(tmp_path: Path, argv: tuple[str, ...], tried: str, fix: str) -> None:
    done = amlscan(tmp_path, *(a.format(tmp=tmp_path) for a in argv), "--subscription", SUBSCRIPTION)
    assert done.returncode == 3, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("amlscan: error: sign-in to Azure failed (--auth ")
    assert all(line.startswith("  ") for line in lines[1:]), "one paragraph: the rest are its continuation lines"
    assert max(len(line) for line in lines) <= 100 and len(lines) <= 8
    text = " ".join(done.stderr.split())
    assert tried in text and fix in text
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "get_token" not in done.stderr.replace("get-access-token", ""), "the SDK's own log line is not printed"
    assert not (tmp_path / "s.json").exists() and not (tmp_path / "out" / "results.json").exists()
