"""The `amlscan scan` options for infrastructure code, baselines and waivers, kept out of
`commands/scan.py` so that file only wires them in. Waivers and baselines are applied by
scanner/evaluate/gate.py (apply_gate_inputs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scanner.errors import UsageError
from scanner.snapshot.load import Snapshot


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("infrastructure code (instead of SNAPSHOT.json; SNAPSHOT may also be a folder to walk)")
    group.add_argument("--template", metavar="FILE", help="ARM template or `bicep build` output")
    group.add_argument("--parameters", metavar="FILE", help="ARM parameters file for --template")
    group.add_argument("--what-if", dest="what_if", metavar="FILE", help="`az deployment group what-if --output json` result")
    group.add_argument("--plan", metavar="FILE", help="Terraform plan JSON (`terraform show -json plan.tfplan`)")
    gate = parser.add_argument_group("baselines and waivers")
    gate.add_argument("--baseline", metavar="results.json", help="previous results.json: only results new since it fail the gate")
    gate.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="date waiver expiry is judged on (default: today, UTC)")


def load_input(args: argparse.Namespace) -> Snapshot:
    from scanner.iac.discover import iac_snapshot
    from scanner.snapshot.load import load_snapshot

    chosen = [(k, v) for k, v in (("arm-template", args.template), ("arm-what-if", args.what_if), ("terraform-plan", args.plan)) if v]
    given = getattr(args, "snapshot", None)
    if not chosen and not args.parameters:
        if given and Path(given).is_dir():
            return iac_snapshot("folder", given)
        from scanner.iac.discover import classify

        kind = classify(Path(given)) if given and Path(given).is_file() else None
        return iac_snapshot(kind, given) if kind in ("arm-template", "arm-what-if", "terraform-plan") else load_snapshot(given)
    if len(chosen) + (1 if given else 0) != 1:
        raise UsageError("give exactly one input: SNAPSHOT.json or a folder, --template, --what-if or --plan")
    if args.parameters and not args.template:
        raise UsageError("--parameters goes with --template")
    if chosen:
        kind, path = chosen[0]
        return iac_snapshot(kind, path, args.parameters)
    if Path(given).is_dir():
        return iac_snapshot("folder", given)
    return load_snapshot(given)
