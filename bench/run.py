"""amlscan benchmark: evaluation, reporting, collection and start-up figures (issue 8).

    python bench/run.py                       # N = 100, 1,000, 10,000 (long: see docs/benchmark.md)
    python bench/run.py --sizes 100,1000      # chosen sizes
    python bench/run.py --smoke               # a tiny size of everything, a few seconds (CI)

Prints one line per figure on stdout, `name value unit`, e.g. `eval_workspaces_per_s_n1000_wasm 212.4 ws/s`;
progress goes to stderr. Method and latest figures: docs/benchmark.md.

Each size is evaluated by every engine of `--engines` back to back on the same snapshot: `wasm`
(the embedded engine, the default) and `opa` (an OPA server you started, `--opa-url URL`; its own
CPU and memory are not in the figures, which cover this side of the queries). Evaluation figures
carry the engine's name, the reports are rendered from the first engine's results, and with more
than one engine `eval_results_identical_n<N>` says whether they wrote byte-identical results.json.

Evaluation and reporting run in a child process (`_phases`) on a synthetic snapshot from
bench/generate.py; this process samples the RSS (and PSS) of the child's whole process tree
(the child plus its evaluation workers) every 20 ms and attributes the peak to the phase the child
announces (load, evaluate, json, sarif, html). Collection runs `amlscan collect` in a subprocess
against the collector tests' loopback HTTPS replay server (tests/collect/replay.py) with a latency
per request and ARM's throttling modelled as a token bucket per subscription.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SARIF_MAX_RESULTS = 25_000  # GitHub code scanning: results per run
SARIF_MAX_GZIP_BYTES = 10 * 1024 * 1024  # GitHub code scanning: gzip-compressed upload
THROTTLE_BURST = 250
THROTTLE_RATE = 25.0
ENGINES = ("wasm", "opa")  # --engines choices: the embedded engine, an OPA server


def emit(name: str, value: float | int, unit: str) -> None:
    text = f"{value:.4g}" if isinstance(value, float) and abs(value) < 1000 else f"{round(value, 1) if isinstance(value, float) else value}"
    print(f"{name} {text} {unit}", flush=True)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- process-tree memory -----------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(_children(current))
    return pids


def _kb(path: str, field: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of one process so far."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def tree_memory(pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in kB over a process and all its descendants."""
    rss = pss = 0
    for p in _tree(pid):
        rss += _kb(f"/proc/{p}/status", "VmRSS:")
        pss += _kb(f"/proc/{p}/smaps_rollup", "Pss:")
    return rss, pss


class PhaseSampler:
    """Samples a child's process tree; the child prints `PHASE <name>` lines to switch phases."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.phase = "start"
        self.peaks: dict[str, tuple[int, int]] = {}
        self.cpu: dict[str, dict[int, list[float]]] = {}  # phase -> pid -> [first, last] CPU seconds
        self._seen: set[int] = set()
        self.lines: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._sample, daemon=True), threading.Thread(target=self._read, daemon=True)]
        for thread in self._threads:
            thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set() and self.process.poll() is None:
            rss, pss = tree_memory(self.process.pid)
            old = self.peaks.get(self.phase, (0, 0))
            self.peaks[self.phase] = (max(old[0], rss), max(old[1], pss))
            phase_cpu = self.cpu.setdefault(self.phase, {})
            for pid in _tree(self.process.pid):
                used = cpu_seconds(pid)
                if used is None:
                    continue
                if pid not in phase_cpu:  # a process born in this phase counts from zero
                    phase_cpu[pid] = [used if pid in self._seen else 0.0, used]
                    self._seen.add(pid)
                phase_cpu[pid][1] = used
            time.sleep(0.02)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            line = line.rstrip("\n")
            if line.startswith("PHASE "):
                self.phase = line.split(" ", 1)[1]
            else:
                self.lines.append(line)

    def cpu_used(self, phase: str) -> float:
        """CPU seconds the whole tree spent in a phase (sampled: a process living < 20 ms is missed)."""
        return sum(last - first for first, last in self.cpu.get(phase, {}).values())

    def wait(self, timeout: float) -> int:
        code = self.process.wait(timeout=timeout)
        self._threads[1].join(timeout=5)
        self._stop.set()
        return code


# --- evaluation and reporting (child side) -----------------------------------------------------

def phases(snapshot_path: str, policies: str | None, workers: int | None, out_dir: str, engine: str, reports: list[str], opa_url: str | None = None) -> int:
    """Child process: load, evaluate, render each report; prints PHASE markers and a JSON line."""
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.engine import evaluator
    from scanner.evaluate.scan import run_scan
    from scanner.report.outputs import RenderContext, write_reports
    from scanner.snapshot.load import load_snapshot

    figures: dict[str, Any] = {}
    bundle = load_bundle(Path(policies) if policies else None)
    figures["rules"] = len(bundle.rules)
    figures["bundle"] = f"{bundle.name} {bundle.version}"
    print("PHASE load", flush=True)
    start = time.perf_counter()
    snapshot = load_snapshot(snapshot_path)
    figures["load_s"] = time.perf_counter() - start
    figures["workspaces"] = len(snapshot.workspaces)
    print("PHASE evaluate", flush=True)
    start = time.perf_counter()
    document = run_scan(snapshot, bundle, {}, workers=workers, evaluate=evaluator(engine, opa_url))
    figures["evaluate_s"] = time.perf_counter() - start
    figures["results"] = document["summary"]["total"]
    figures["by_status"] = document["summary"]["by_status"]
    ctx = RenderContext(document, snapshot)
    for name in reports:
        print(f"PHASE {name}", flush=True)
        start = time.perf_counter()
        (path,) = write_reports(ctx, [name], Path(out_dir))  # as a scan writes it: streamed to a file
        figures[f"{name}_s"] = time.perf_counter() - start
        figures[f"{name}_bytes"] = path.stat().st_size
    print("PHASE done", flush=True)
    print("FIGURES " + json.dumps(figures), flush=True)
    return 0


def sarif_figures(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    sarif = json.loads(raw)
    runs = sarif.get("runs", [])
    return {
        "runs": len(runs),
        "max_results_per_run": max((len(r.get("results", [])) for r in runs), default=0),
        "results": sum(len(r.get("results", [])) for r in runs),
        "gzip_bytes": len(gzip.compress(raw, compresslevel=6)),
    }


def _evaluate_with(engine: str, snapshot: Path, out_dir: Path, reports: list[str], args: argparse.Namespace) -> tuple[dict[str, Any], PhaseSampler]:
    opa_url = args.opa_url if engine == "opa" else ""
    command = [sys.executable, str(Path(__file__).resolve()), "_phases", str(snapshot), args.policies or "", str(args.workers or 0), str(out_dir), engine, ",".join(reports), opa_url]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    sampler = PhaseSampler(process)
    code = sampler.wait(timeout=args.timeout)
    figures_line = next((line for line in sampler.lines if line.startswith("FIGURES ")), None)
    if code != 0 or figures_line is None:
        raise SystemExit(f"evaluation child failed (exit {code}) with engine {engine} at N={snapshot.name}")
    return json.loads(figures_line[len("FIGURES "):]), sampler


def bench_evaluation(n: int, args: argparse.Namespace, work: Path) -> None:
    from bench import generate

    snapshot = work / f"snapshot-{n}.json"
    start = time.perf_counter()
    info = generate.write(n, snapshot, seed=args.seed)
    log(f"generated {n} workspaces ({info['bytes'] / 1e6:.1f} MB) in {time.perf_counter() - start:.1f}s")
    emit(f"snapshot_mb_n{n}", info["bytes"] / 1e6, "MB")
    engines = args.engine_list
    results_json: dict[str, bytes] = {}
    eval_s: dict[str, float] = {}
    for index, engine in enumerate(engines):
        out_dir = work / f"reports-{n}-{engine}"
        # Reports are the same whatever the engine (results.json proves it): SARIF and HTML are
        # rendered once, from the first engine's results.
        reports = ["json", "sarif", "html"] if index == 0 else ["json"]
        f, sampler = _evaluate_with(engine, snapshot, out_dir, reports, args)
        log(f"N={n} {engine}: bundle {f['bundle']} with {f['rules']} rules; {f['results']} results {f['by_status']}; {f['evaluate_s']:.1f}s")
        results_json[engine] = (out_dir / "results.json").read_bytes()
        eval_s[engine] = f["evaluate_s"]
        if index == 0:
            emit(f"bundle_rules_n{n}", f["rules"], "rules")
        x = f"n{n}_{engine}"
        emit(f"load_s_{x}", f["load_s"], "s")
        emit(f"eval_s_{x}", f["evaluate_s"], "s")
        emit(f"eval_workspaces_per_s_{x}", n / f["evaluate_s"], "ws/s")
        emit(f"eval_results_{x}", f["results"], "results")
        if engine != "opa":  # an OPA server's CPU is its own: the figure would leave out the evaluation
            cpu = sampler.cpu_used("evaluate")
            emit(f"eval_cpu_s_{x}", cpu, "s")  # independent of other load on the machine
            emit(f"eval_cpu_ms_per_workspace_{x}", 1000 * cpu / n, "ms")
        peak = lambda phases, i: max((sampler.peaks.get(p, (0, 0))[i] for p in phases), default=0) / 1024  # noqa: B023  (used in this iteration)
        emit(f"eval_peak_rss_mb_{x}", peak(("load", "evaluate"), 0), "MB")
        emit(f"eval_peak_pss_mb_{x}", peak(("load", "evaluate"), 1), "MB")
        emit(f"eval_peak_rss_mb_load_{x}", peak(("load",), 0), "MB")
        emit(f"eval_peak_rss_mb_evaluate_{x}", peak(("evaluate",), 0), "MB")
        if index == 0:
            for name, label in (("json", "results_json"), ("sarif", "sarif"), ("html", "html")):
                emit(f"report_{label}_s_n{n}", f[f"{name}_s"], "s")
                emit(f"report_{label}_mb_n{n}", f[f"{name}_bytes"] / 1e6, "MB")
            emit(f"report_peak_rss_mb_n{n}", peak(("json", "sarif", "html"), 0), "MB")
            s = sarif_figures(out_dir / "amlscan.sarif")
            emit(f"sarif_runs_n{n}", s["runs"], "runs")
            emit(f"sarif_results_n{n}", s["results"], "results")
            emit(f"sarif_max_results_per_run_n{n}", s["max_results_per_run"], "results")
            emit(f"sarif_gzip_mb_n{n}", s["gzip_bytes"] / 1e6, "MB")
            within = s["max_results_per_run"] <= SARIF_MAX_RESULTS and s["gzip_bytes"] <= SARIF_MAX_GZIP_BYTES
            emit(f"sarif_within_github_limits_n{n}", int(within), "bool")
        if not args.keep:
            for report in out_dir.iterdir():
                report.unlink()
            out_dir.rmdir()
    first = engines[0]
    if len(engines) > 1:
        emit(f"eval_results_identical_n{n}", int(all(results_json[e] == results_json[first] for e in engines)), "bool")
    for engine in engines[1:]:
        emit(f"eval_speedup_{first}_vs_{engine}_n{n}", eval_s[engine] / eval_s[first], "x")
    if not args.keep:
        snapshot.unlink(missing_ok=True)


# --- collection ----------------------------------------------------------------------------------

def bench_collection(n: int, discovery: str, args: argparse.Namespace, work: Path) -> None:
    import trustme

    from tests.collect.conftest import ARM_TOKEN
    from tests.collect.replay import SUB_MAIN, ReplayServer, ReplayTenant, TokenBuckets, Workspace

    workspaces = [Workspace(SUB_MAIN, f"rg-ml-{i // 4:04d}", f"mlw-b{i:05d}", f"stb{i:05d}data", f"kv-b{i:05d}", f"crb{i:05d}", f"appi-b{i:05d}") for i in range(n)]
    tenant = ReplayTenant(workspaces)
    ca = trustme.CA()
    bundle = work / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    output = work / f"collected-{n}-{discovery}.json"
    with ReplayServer(tenant, ca) as server:
        tenant.latency = args.latency_ms / 1000
        tenant.throttle = TokenBuckets(THROTTLE_BURST, THROTTLE_RATE)
        env = dict(os.environ, AMLSCAN_ARM_TOKEN=ARM_TOKEN)
        command = [sys.executable, "-m", "scanner", "collect", "--auth", "token", "--arm-endpoint", server.base, "--ca-bundle", str(bundle),
                   "--output", str(output), "--subscription", SUB_MAIN, "--discovery", discovery, "--no-progress",
                   "--max-workers", str(args.collect_workers), "--max-retries", str(args.collect_retries)]
        start = time.perf_counter()
        proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=args.timeout)
        elapsed = time.perf_counter() - start
        seen = list(tenant.seen)
    if proc.returncode != 0:
        raise SystemExit(f"collect failed at N={n} ({discovery}): {proc.stderr[-800:]}")
    snapshot = json.loads(output.read_text("utf-8"))
    errors = sum(1 for ws in snapshot["workspaces"] for s in ws.values() if isinstance(s, dict) and s.get("status") == "error")
    throttled = sum(1 for s in seen if s.throttled)
    served = len(seen) - throttled
    per_sub: dict[str, int] = {}
    for s in seen:
        if not s.throttled:
            key = TokenBuckets.key(s.path)
            per_sub[key] = per_sub.get(key, 0) + 1
    bound = max(per_sub.values()) / THROTTLE_RATE  # the busiest bucket's requests / refill rate
    tag = f"{discovery.replace('-', '_')}_n{n}"
    emit(f"collect_workspaces_{tag}", len(snapshot["workspaces"]), "ws")
    emit(f"collect_requests_per_workspace_{tag}", served / n, "req/ws")
    emit(f"collect_throttled_responses_{tag}", throttled, "responses")
    emit(f"collect_total_s_{tag}", elapsed, "s")
    emit(f"collect_throttle_bound_s_{tag}", bound, "s")
    emit(f"collect_ratio_to_throttle_bound_{tag}", elapsed / bound, "x")
    emit(f"collect_error_sections_{tag}", errors, "sections")
    if not args.keep:
        output.unlink(missing_ok=True)


# --- start-up ------------------------------------------------------------------------------------

def bench_startup(args: argparse.Namespace) -> None:
    exe = Path(sys.executable).parent / "amlscan"
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "scanner"]
    for label, argv in (("help", ["--help"]), ("rules", ["rules"] + (["--policies", args.policies] if args.policies else []))):
        times = []
        for _ in range(args.startup_repeats):
            start = time.perf_counter()
            subprocess.run(base + argv, cwd=ROOT, capture_output=True, timeout=120, check=False)
            times.append(time.perf_counter() - start)
        times.sort()
        emit(f"startup_{label}_s", times[len(times) // 2], "s")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "_phases":
        snapshot, policies, workers, out_dir, engine, reports, opa_url = argv[1:8]
        return phases(snapshot, policies or None, int(workers) or None, out_dir, engine, reports.split(","), opa_url or None)
    parser = argparse.ArgumentParser(description="amlscan benchmark (issue 8); prints `name value unit` lines")
    parser.add_argument("--sizes", default="100,1000,10000", help="evaluation/reporting sizes, comma-separated (default 100,1000,10000)")
    parser.add_argument("--collect-sizes", default="100,1000", help="collection sizes (default 100,1000; 1,000 takes ~20 min: ARM's throttle is the limit)")
    parser.add_argument("--discovery", default="arm,resource-graph", help="collection discovery modes (default arm,resource-graph)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="replay server latency per request (default 50)")
    parser.add_argument("--collect-workers", type=int, default=4, help="amlscan collect --max-workers (default 4, its default)")
    parser.add_argument("--collect-retries", type=int, default=4, help="amlscan collect --max-retries (default 4, its default)")
    parser.add_argument("--policies", help="policies folder (default: the bundled policies/)")
    parser.add_argument("--workers", type=int, help="evaluation workers (default: one per core)")
    parser.add_argument("--engines", default="wasm", help=f"engines to evaluate with, back to back on the same snapshot: {', '.join(ENGINES)} (default wasm, the embedded engine)")
    parser.add_argument("--opa-url", help="the OPA server for --engines ...,opa (e.g. one started with `opa run --server`)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="eval,collect,startup", help="parts to run (default eval,collect,startup)")
    parser.add_argument("--startup-repeats", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=3600, help="per-step timeout in seconds")
    parser.add_argument("--workdir", type=Path, help="where snapshots and reports go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep generated snapshots and collected files")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes of everything (CI): a few seconds")
    args = parser.parse_args(argv)
    args.engine_list = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in args.engine_list if e not in ENGINES]
    if unknown or not args.engine_list:
        parser.error(f"--engines: unknown engine {', '.join(map(repr, unknown)) or '(none given)'} (choices: {', '.join(ENGINES)})")
    if "opa" in args.engine_list and not args.opa_url:
        parser.error("--engines opa needs --opa-url URL (an OPA server, e.g. `opa run --server`)")
    if args.smoke:
        args.sizes, args.collect_sizes, args.latency_ms, args.startup_repeats = "12", "3", 2.0, 1
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    collect_sizes = [int(s) for s in args.collect_sizes.split(",") if s.strip()]
    parts = {p.strip() for p in args.only.split(",")}
    with tempfile.TemporaryDirectory(prefix="amlscan-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        emit("machine_cores", os.cpu_count() or 0, "cores")
        if "startup" in parts:
            bench_startup(args)
        if "eval" in parts:
            for n in sizes:
                bench_evaluation(n, args, work)
        if "collect" in parts:
            for n in collect_sizes:
                for discovery in [d.strip() for d in args.discovery.split(",") if d.strip()]:
                    log(f"collecting {n} workspaces with --discovery {discovery}, {args.latency_ms:g} ms latency, throttled")
                    bench_collection(n, discovery, args, work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
