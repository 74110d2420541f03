"""Helpers for the IaC tests: fixture paths and an in-process `amlscan scan`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scanner.cli import main

ROOT = Path(__file__).resolve().parents[2]
IAC = ROOT / "fixtures" / "iac"


def scan(tmp_path: Path, *args: str, name: str = "out") -> tuple[int, dict[str, Any], dict[str, Any]]:
    out = tmp_path / name
    code = main(["scan", *args, "--output-dir", str(out), "--quiet", "--workers", "1"])
    results = json.loads((out / "results.json").read_text()) if (out / "results.json").exists() else {}
    sarif = json.loads((out / "amlscan.sarif").read_text()) if (out / "amlscan.sarif").exists() else {}
    return code, results, sarif
