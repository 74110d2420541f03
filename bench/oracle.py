"""Side-by-side oracle for policy rewrites: every report of the old rules against the new ones.

    python bench/oracle.py capture /tmp/oracle/before            # the current policies, wasm engine
    python bench/oracle.py capture /tmp/oracle/after --engine opa # the same corpus through a real OPA
    python bench/oracle.py compare /tmp/oracle/before /tmp/oracle/after

The corpus (written once under <dir>/../inputs, deterministic): every fixture snapshot, the IaC
fixtures as one folder scan, each Azure Quickstart Template of ../shared/corpus/arm-quickstarts,
generated workspaces (bench/generate.py), schema-valid mutated copies of them
(tests/evaluate/mutated.py) and type-fuzzed copies of the fixtures (tests/evaluate/type_fuzz.py), each under several parameter sets (none, amlscan.example.yaml and two
configurations whose parameters differ from the defaults). Each case is scanned into every report
format; `compare` requires the same exit code and byte-identical reports once the policy bundle's
sha256 (which changes with any edit of a .rego file) is masked.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMATS = "sarif,html,json,junit,csv,md,oscal"
QUICKSTARTS = ROOT.parent / "shared" / "corpus" / "arm-quickstarts"
SHA_MASK = b"<policy-bundle-sha256>"

# Parameter sets beside "none" and amlscan.example.yaml, chosen to move every parameterised rule
# off its defaults: other regions, a tiny owner limit, another regulated tag and values (in odd
# case), data scientists named by id, other required tags, another environment tag.
CONFIGS: dict[str, dict[str, Any]] = {
    "params-a": {
        "allowed_regions": ["eastus", "westus2", "westeurope"],
        "min_log_retention_days": 30,
        "max_owners": 1,
        "regulated_data_tag": "Environment",
        "regulated_data_values": ["PROD", "phi"],
        "data_scientist_principal_ids": ["2b9d7e5a-6f14-4c38-a0e2-d5b8c1f7a349", "6a2f9d4c-1e83-4b07-a5d9-3c8e0b7f2a61"],
        "required_tags": ["owner", "Environment"],
        "environment_tag": "Data-Classification",
    },
    "params-b": {
        "allowed_regions": [],
        "min_log_retention_days": 4383,
        "max_owners": 2,
        "regulated_data_tag": "cost-center",
        "regulated_data_values": ["cc-4711-onc", "CC-2290-GEN"],
        "data_scientist_principal_ids": ["1b7e5c3a-9d2f-4e80-b6a4-0c8f2d7e3b91"],
        "required_tags": [],
        "environment_tag": "env",
    },
}


def _write_config(folder: Path, name: str) -> Path:
    import yaml

    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"parameters": CONFIGS[name]}, sort_keys=True), encoding="utf-8")
    return path


def corpus(inputs: Path) -> dict[str, list[str]]:
    """case name -> scan arguments; builds the inputs once."""
    from bench.generate import write
    from tests.evaluate.mutated import write_mutated

    inputs.mkdir(parents=True, exist_ok=True)
    configs = {"none": [], "example": ["--config", str(ROOT / "amlscan.example.yaml")]}
    for name in CONFIGS:
        configs[name] = ["--config", str(_write_config(inputs, name))]
    generated = {"gen300": (300, 13), "gen200": (200, 5)}
    for name, (count, seed) in generated.items():
        if not (inputs / f"{name}.json").is_file():
            write(count, inputs / f"{name}.json", seed)
    mutated = {"mut300": ("gen300", 300, 29), "mut300b": ("gen200", 300, 31), "mut200c": ("gen300", 200, 7)}
    for name, (base, count, seed) in mutated.items():
        if not (inputs / f"{name}.json").is_file():
            write_mutated(inputs / f"{base}.json", inputs / f"{name}.json", count, seed)
    if not (inputs / "fuzz.json").is_file():
        from tests.evaluate.type_fuzz import write_fuzzed

        write_fuzzed(inputs / "fuzz.json")
    cases: dict[str, list[str]] = {}
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        for config, extra in configs.items():
            cases[f"fixture-{path.stem}-{config}"] = [str(path), *extra]
    for config in ("none", "example", "params-a"):
        cases[f"iac-{config}"] = [str(ROOT / "fixtures" / "iac"), *configs[config]]
    if QUICKSTARTS.is_dir():
        for folder in sorted(p for p in QUICKSTARTS.iterdir() if (p / "azuredeploy.json").is_file()):
            args = ["--template", str(folder / "azuredeploy.json")]
            if (folder / "azuredeploy.parameters.json").is_file():
                args += ["--parameters", str(folder / "azuredeploy.parameters.json")]
            for config in ("none", "example", "params-a"):
                cases[f"quickstart-{folder.name}-{config}"] = [*args, *configs[config]]
    for name in generated:
        for config, extra in configs.items():
            cases[f"{name}-{config}"] = [str(inputs / f"{name}.json"), *extra]
    for name in mutated:
        for config in ("none", "example", "params-a"):
            cases[f"{name}-{config}"] = [str(inputs / f"{name}.json"), *configs[config]]
    for config in ("none", "params-a"):
        cases[f"fuzz-{config}"] = [str(inputs / "fuzz.json"), *configs[config]]
    return cases


def capture(out: Path, engine: str, policies: str | None, only: str | None) -> int:
    cases = corpus(out.parent / "inputs")
    server = None
    engine_args = ["--engine", engine]
    if engine == "opa":
        from tests.evaluate.opa_server import OpaServer, tool_path

        server = OpaServer(tool_path("opa") or "opa")
        engine_args += ["--opa-url", server.url]
    codes_file = out / "exit-codes.json"
    codes: dict[str, int] = json.loads(codes_file.read_text(encoding="utf-8")) if codes_file.is_file() else {}
    try:
        for case, args in cases.items():
            if only and only not in case:
                continue
            folder = out / case
            command = [sys.executable, "-m", "scanner", "scan", *args, "--output-dir", str(folder), "--format", FORMATS,
                       "--fail-on", "low", "--quiet", "--as-of", "2026-12-01", *engine_args]
            if policies:
                command += ["--policies", policies]
            run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            codes[case] = run.returncode
            print(f"{case}: exit {run.returncode} {run.stderr.strip()[:200]}", file=sys.stderr, flush=True)
    finally:
        if server is not None:
            server.stop()
    codes_file.write_text(json.dumps(codes, indent=1, sort_keys=True), encoding="utf-8")
    return 0


def _masked(path: Path, sha: bytes | None) -> bytes:
    data = path.read_bytes()
    return data.replace(sha, SHA_MASK) if sha else data


def _sha(folder: Path) -> bytes | None:
    results = folder / "results.json"
    if not results.is_file():
        return None
    return json.loads(results.read_text(encoding="utf-8"))["policy_bundle"]["sha256"].encode()


def compare(before: Path, after: Path) -> int:
    codes_a = json.loads((before / "exit-codes.json").read_text(encoding="utf-8"))
    codes_b = json.loads((after / "exit-codes.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    for case, code in sorted(codes_a.items()):
        if case not in codes_b:
            problems.append(f"{case}: missing after")
            continue
        if code != codes_b[case]:
            problems.append(f"{case}: exit {code} before, {codes_b[case]} after")
        a, b = before / case, after / case
        sha_a, sha_b = _sha(a), _sha(b)
        files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
        files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
        if files_a != files_b:
            problems.append(f"{case}: files {files_a} before, {files_b} after")
        for name in files_a:
            if name in files_b and _masked(a / name, sha_a) != _masked(b / name, sha_b):
                problems.append(f"{case}/{name}: differs")
    checked = len(codes_a)
    for line in problems:
        print(line)
    print(f"{checked} cases compared, {len(problems)} differences", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture", help="scan the corpus into DIR")
    cap.add_argument("dir", type=Path)
    cap.add_argument("--engine", default="embedded", choices=("embedded", "wasm", "opa"))
    cap.add_argument("--policies", help="policies folder (default: the bundled policies/)")
    cap.add_argument("--only", help="only cases whose name contains this")
    cmp_ = sub.add_parser("compare", help="compare two captures")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "capture":
        return capture(args.dir, args.engine, args.policies, args.only)
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
