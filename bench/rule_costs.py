"""What each rule costs per workspace on the embedded (Wasm) engine, for whoever optimises a rule.

Generates workspaces with bench/generate.py (or reads --snapshot), then evaluates them through the
compiled module as a scan does (one `opa_eval` of the `amlscan/main/results` entrypoint per
workspace, input and output included), and again through each rule's own entrypoint, which is how
one rule's share is measured. Prints `name value unit` lines: the whole workspace, the sum of the
rules alone, then each rule, most expensive first. CPU time of this process, so other load on the
machine matters little. A rule's own entrypoint pays the input's hand-over again (parsing the JSON
into the module's heap): the cheapest rule's figure (`input_floor_ms`) is taken as that cost and the
rules are shown above it. `fixed_ms_per_evaluation` is every rule on an empty input. Not part of
the test suite.

    python bench/rule_costs.py                     # 48 generated workspaces, every rule
    python bench/rule_costs.py --top 10 --snapshot snapshot.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scanner.evaluate.catalog import load_bundle  # noqa: E402
from scanner.evaluate.outcome import MAIN_ENTRYPOINT, rule_entrypoint  # noqa: E402
from scanner.evaluate.run import workspace_input  # noqa: E402
from scanner.evaluate.wasm_engine import WasmEngine  # noqa: E402
from scanner.snapshot.load import load_snapshot  # noqa: E402


def _cost(policy, entrypoint: str, texts: list[bytes], repeat: int) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds per workspace of one entrypoint (best of `repeat` passes)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            policy.evaluate(entrypoint, text)
        best = min(best, time.process_time() - start)
    return best / len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--snapshot", type=Path, help="snapshot to use (default: generated)")
    parser.add_argument("--workspaces", type=int, default=48, help="workspaces to generate or take (default 48)")
    parser.add_argument("--policies", type=Path, help="policies folder (default: the bundled policies/; others are compiled with opa)")
    parser.add_argument("--top", type=int, default=0, help="print only the N most expensive rules")
    parser.add_argument("--repeat", type=int, default=3, help="passes per entrypoint, the best counts (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="amlscan-rule-costs-") as tmp:
        path = args.snapshot
        if path is None:
            import generate

            path = Path(tmp) / "snapshot.json"
            generate.write(args.workspaces, path, seed=args.seed)
        data = load_snapshot(path).data
        documents = [workspace_input(entry, data) for entry in data["workspaces"][: args.workspaces]]
    bundle = load_bundle(args.policies)
    policy = WasmEngine(bundle, {"params": {}}).policy
    texts = [json.dumps(d, separators=(",", ":")).encode() for d in documents]
    print(f"workspace_ms {_cost(policy, MAIN_ENTRYPOINT, texts, args.repeat) * 1000:.3f} ms")
    empty = [b"{}"] * len(texts)
    base = _cost(policy, MAIN_ENTRYPOINT, empty, args.repeat)  # every rule on nothing: the fixed part
    print(f"fixed_ms_per_evaluation {base * 1000:.3f} ms")
    costs = {rule.package: _cost(policy, rule_entrypoint(rule.package), texts, args.repeat) for rule in bundle.rules}
    # The cheapest rule is mostly the input's hand-over: what each rule costs above it is its own.
    floor = min(costs.values())
    print(f"input_floor_ms {floor * 1000:.3f} ms (the cheapest rule's entrypoint, input included)")
    print(f"rules_ms_per_workspace {sum(c - floor for c in costs.values()) * 1000:.3f} ms (every rule above the floor)")
    for package, seconds in sorted(costs.items(), key=lambda kv: -kv[1])[: args.top or None]:
        print(f"rule_ms_per_workspace.{package.removeprefix('amlscan.rules.')} {(seconds - floor) * 1000:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
