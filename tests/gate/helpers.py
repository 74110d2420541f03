"""Helpers for the gate tests: run `amlscan` in-process and keep what it printed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scanner.cli import main
from tests.conftest import FIXTURES, ROOT

HARDENED = FIXTURES / "hipaa-hardened.json"  # no failure; one unknown (AML-STG-008, medium)
DEFAULTS = FIXTURES / "service-defaults.json"  # 39 failures: 13 high, 19 medium, 7 low; none critical
MIXED = FIXTURES / "mixed-forbidden.json"  # two workspaces, failures and unknowns
IAC = ROOT / "fixtures" / "iac"
TEMPLATE = ["--template", str(IAC / "default-workspace.json"), "--parameters", str(IAC / "default-workspace.parameters.json")]


@dataclass
class Run:
    code: int
    out: str
    err: str
    folder: Path

    def results(self) -> dict[str, Any]:
        return json.loads((self.folder / "results.json").read_text(encoding="utf-8"))

    def text(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str, output_dir: bool = True) -> Run:
    capsys.readouterr()
    args = ["scan", *argv, "--workers", "1"]
    if output_dir:
        args += ["--output-dir", str(folder)]
    code = main(args)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err, folder)


def config(tmp_path: Path, body: str, name: str = "amlscan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path
