"""IaC benchmark: `amlscan scan <folder>` (full HIPAA + GDPR bundle) vs Checkov on the same files.

Generates a folder of ARM templates from the fixtures under fixtures/iac (names varied, parameters
inlined as defaults so Checkov sees the same values), times both tools and prints the ratio.
Checkov is installed with pip into its own venv under /tmp the first time (not a project
dependency). Not part of the test suite.

    /tmp/venv/bin/python bench/iac_bench.py --templates 200
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IAC = ROOT / "fixtures" / "iac"
CHECKOV_VENV = Path(tempfile.gettempdir()) / "amlscan-bench-checkov-venv"


def generate(folder: Path, count: int) -> None:
    sources = []
    for stem in ("hipaa-workspace", "default-workspace"):
        template = json.loads((IAC / f"{stem}.json").read_text())
        params = json.loads((IAC / f"{stem}.parameters.json").read_text())["parameters"]
        for name, spec in template["parameters"].items():
            if name in params:
                spec["defaultValue"] = params[name]["value"]
        sources.append(template)
    for i in range(count):
        template = json.loads(json.dumps(sources[i % 2]))
        for spec in template["parameters"].values():
            if isinstance(spec.get("defaultValue"), str) and not spec["defaultValue"].startswith("["):
                spec["defaultValue"] = spec["defaultValue"][:20] + f"{i:04d}" if "Name" in json.dumps(spec) else spec["defaultValue"]
        template["parameters"]["workspaceName"]["defaultValue"] = f"mlw-bench-{i:04d}"
        (folder / f"workspace-{i:04d}.json").write_text(json.dumps(template, indent=2))


def checkov_bin() -> Path:
    binary = CHECKOV_VENV / "bin" / "checkov"
    if not binary.exists():
        print(f"installing Checkov into {CHECKOV_VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(CHECKOV_VENV)], check=True)
        subprocess.run([str(CHECKOV_VENV / "bin" / "pip"), "install", "--quiet", "checkov"], check=True)
    return binary


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        print(proc.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"{command[0]} failed with exit code {proc.returncode}")
    return elapsed, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--templates", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the best is reported")
    parser.add_argument("--skip-checkov", action="store_true")
    args = parser.parse_args()
    amlscan = shutil.which("amlscan") or str(Path(sys.executable).parent / "amlscan")
    with tempfile.TemporaryDirectory(prefix="amlscan-iac-bench-") as tmp:
        folder = Path(tmp) / "templates"
        folder.mkdir()
        generate(folder, args.templates)
        ours = min(timed([amlscan, "scan", str(folder), "--output-dir", str(Path(tmp) / "reports"), "--format", "json,sarif", "--quiet"], Path(tmp))[0] for _ in range(args.repeat))
        print(f"amlscan: {args.templates} templates in {ours:.2f}s ({ours / args.templates * 1000:.1f} ms/template)")
        if args.skip_checkov:
            return 0
        checkov = checkov_bin()
        env_cmd = [str(checkov), "-d", str(folder), "--framework", "arm", "--quiet", "--compact", "-o", "json"]
        theirs = min(timed(env_cmd, Path(tmp))[0] for _ in range(args.repeat))
        print(f"checkov: {args.templates} templates in {theirs:.2f}s ({theirs / args.templates * 1000:.1f} ms/template)")
        print(f"ratio checkov/amlscan: {theirs / ours:.2f}x ({'amlscan faster' if ours < theirs else 'checkov faster'})")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
