"""What each rule costs per workspace on the embedded engine, for whoever optimises a rule.

Generates workspaces with bench/generate.py (or reads --snapshot), hands them to one engine in
batches as a scan does, and prints `name value unit` lines: the input hand-over, then each rule's
query time, most expensive first. CPU time of this process, so other load on the machine matters
little. Not part of the test suite.

    python bench/rule_costs.py                     # 48 generated workspaces, every rule
    python bench/rule_costs.py --top 10 --snapshot snapshot.json
    python bench/rule_costs.py --text --batch-size 3   # inputs as JSON text, as before 2026-11-27 evening
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scanner.evaluate.catalog import load_bundle  # noqa: E402
from scanner.evaluate.engine import BATCH_SIZE, RegoEngine, batch_groups  # noqa: E402
from scanner.evaluate.run import workspace_input  # noqa: E402
from scanner.snapshot.load import load_snapshot  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--snapshot", type=Path, help="snapshot to use (default: generated)")
    parser.add_argument("--workspaces", type=int, default=48, help="workspaces to generate or take (default 48)")
    parser.add_argument("--policies", type=Path, help="policies folder (default: the bundled policies/)")
    parser.add_argument("--top", type=int, default=0, help="print only the N most expensive rules")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=f"workspaces per hand-over (default {BATCH_SIZE})")
    parser.add_argument("--text", action="store_true", help="hand inputs over as JSON text, not built values")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="amlscan-rule-costs-") as tmp:
        path = args.snapshot
        if path is None:
            import generate

            path = Path(tmp) / "snapshot.json"
            generate.write(args.workspaces, path, seed=args.seed)
        data = load_snapshot(path).data
    documents = [workspace_input(entry, data) for entry in data["workspaces"][: args.workspaces]]
    engine = RegoEngine(load_bundle(args.policies), {"params": {}})
    if args.text:
        engine.structured = False
    costs = {package: 0.0 for package in engine.batched}
    hand_over = 0.0
    for group in batch_groups(documents, args.batch_size):
        start = time.process_time()
        engine.set_batch(group)
        hand_over += time.process_time() - start
        for package in engine.batched:
            start = time.process_time()
            _, reason = engine.query_batched(package)
            costs[package] += time.process_time() - start
            if reason is not None:
                print(f"{package}: {reason}", file=sys.stderr)
    n = len(documents)
    print(f"input_ms_per_workspace {hand_over / n * 1000:.3f} ms")
    print(f"rules_ms_per_workspace {sum(costs.values()) / n * 1000:.3f} ms")
    print(f"text_hand_overs {engine.text_inputs} of {len(batch_groups(documents, args.batch_size))}")
    ranked = sorted(costs.items(), key=lambda kv: -kv[1])
    for package, seconds in ranked[: args.top or None]:
        print(f"rule_ms_per_workspace.{package.removeprefix('amlscan.rules.')} {seconds / n * 1000:.3f} ms")
    if len(engine.batched) < len(engine.packages):
        print(f"not batched (one workspace per query, not timed): {sorted(set(engine.packages) - set(engine.batched))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
