"""`bench/run.py --smoke` prints every figure of the benchmark, each `name number unit` (no timing
asserted); `--engines wasm,opa` compares the embedded engine with a real OPA server."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
N, C = 12, 3  # the smoke sizes
EXPECTED = [
    "machine_cores", "startup_help_s", "startup_rules_s",
    *(f"{name}_n{N}_wasm" for name in (
        "load_s", "eval_s", "eval_workspaces_per_s", "eval_results", "eval_cpu_s", "eval_cpu_ms_per_workspace", "eval_peak_rss_mb", "eval_peak_pss_mb",
    )),
    *(f"{name}_n{N}" for name in (
        "snapshot_mb", "bundle_rules", "report_results_json_s", "report_results_json_mb", "report_sarif_s", "report_sarif_mb", "report_html_s", "report_html_mb",
        "report_peak_rss_mb", "sarif_runs", "sarif_results", "sarif_max_results_per_run", "sarif_gzip_mb", "sarif_within_github_limits",
    )),
    *(f"collect_{name}_{mode}_n{C}" for mode in ("arm", "resource_graph") for name in (
        "workspaces", "requests_per_workspace", "throttled_responses", "total_s", "throttle_bound_s", "ratio_to_throttle_bound", "error_sections",
    )),
]


def _figures(*args: str) -> dict[str, tuple[float, str]]:
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = {}
    for line in proc.stdout.splitlines():
        parts = line.split(" ")
        assert len(parts) == 3, f"not `name value unit`: {line!r}"
        figures[parts[0]] = (float(parts[1]), parts[2])
    return figures


def test_smoke_prints_every_figure(tmp_path):
    pytest.importorskip("trustme")
    figures = _figures("--smoke", "--workdir", str(tmp_path))
    missing = [name for name in EXPECTED if name not in figures]
    assert not missing, f"figures not printed: {missing}"
    for name, (value, _unit) in figures.items():
        assert math.isfinite(value) and value >= 0, (name, value)
    # Sanity of meaning, not speed: every workspace evaluated and collected, every rule judged.
    assert figures[f"eval_results_n{N}_wasm"][0] >= N * figures[f"bundle_rules_n{N}"][0] * 0.5
    assert f"eval_results_identical_n{N}" not in figures  # one engine: nothing to compare
    assert figures[f"collect_workspaces_arm_n{C}"][0] == C == figures[f"collect_workspaces_resource_graph_n{C}"][0]
    assert figures[f"sarif_within_github_limits_n{N}"][0] == 1


def test_engines_side_by_side_against_a_real_opa_server(tmp_path: Path, opa_server: Any) -> None:
    figures = _figures("--only", "eval", "--sizes", str(N), "--engines", "wasm,opa", "--opa-url", opa_server.url, "--workdir", str(tmp_path))
    assert figures[f"eval_results_identical_n{N}"][0] == 1  # byte-identical results.json from both
    assert figures[f"eval_results_n{N}_opa"] == figures[f"eval_results_n{N}_wasm"]
    assert f"eval_speedup_wasm_vs_opa_n{N}" in figures
    assert f"eval_cpu_s_n{N}_wasm" in figures and f"eval_cpu_s_n{N}_opa" not in figures  # the server's CPU is not ours to count


def test_an_unknown_engine_is_refused() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--engines", "wasm,regopy"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "unknown engine 'regopy' (choices: wasm, opa)" in proc.stderr
