"""`amlscan scan`: evaluate a snapshot against the policies, write reports, gate CI."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.evaluate.gate import conclude, require_workspaces
from scanner.fileio import check_output_path  # noqa: F401  (gate_failures: public for callers)

def register(sub: argparse._SubParsersAction) -> None:
    from scanner.cli import EXIT_CODES_HELP
    from scanner.history.pipeline import add_scan_arguments
    from scanner.commands.collect import add_live_scope_arguments
    from scanner.iac.inputs import add_arguments as add_iac_arguments

    parser = sub.add_parser(
        "scan",
        help="evaluate a snapshot and write reports",
        description="Evaluate a workspace snapshot against the HIPAA and GDPR policies and write SARIF, HTML and JSON reports.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("snapshot", metavar="SNAPSHOT.json", nargs="?", help="snapshot file written by `amlscan collect` or bundled under fixtures/, or an IaC file or folder (omit with --config to scan its targets, or with --subscription/--all-subscriptions to collect live state first)")
    parser.add_argument("--output-dir", default="reports", metavar="DIR", help="where reports are written (default: reports/)")
    parser.add_argument("--format", default="sarif,html,json", metavar="LIST", help="comma-separated report formats (default: sarif,html,json)")
    parser.add_argument("--fail-on", choices=("critical", "high", "medium", "low", "none"), default="low", help="lowest severity of a failing result that fails the gate (default: low)")
    parser.add_argument("--fail-on-unknown", action="store_true", help="also fail the gate on unknown results at or above --fail-on (evidence that could not be collected)")
    parser.add_argument("--config", metavar="amlscan.yaml", help="configuration file: parameters, frameworks, waivers")
    parser.add_argument("--policies", metavar="DIR", help="policies folder (default: the bundled policies/)")
    parser.add_argument("--workers", type=int, metavar="N", help="evaluation worker processes (default: one per core)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--bundle", metavar="ZIP", help="also write an evidence bundle (reports, snapshot, policies, configuration, manifest.json); sign it with `amlscan export --sign`")
    add_scan_arguments(parser)  # history, engine, targets: scanner/history/pipeline.py
    add_iac_arguments(parser)  # --template/--parameters/--what-if/--plan, --baseline, --as-of: scanner/iac/inputs.py
    add_live_scope_arguments(parser)  # --subscription/--all-subscriptions ...: collect first, then scan
    parser.set_defaults(handler=run)


def _live_scope(args: argparse.Namespace) -> bool:
    live = bool(getattr(args, "subscriptions", None) or getattr(args, "all_subscriptions", False))
    if live and (args.snapshot or args.template or args.what_if or args.plan):
        raise UsageError("give either a snapshot (or IaC input) or a live scope (--subscription / --all-subscriptions), not both")
    return live


def _collect_live(args: argparse.Namespace) -> Any:
    """Collect the live scope into <output-dir>/snapshot.json, then scan that file.

    The snapshot is kept beside the reports so that SARIF locations, the evidence bundle and a
    later `amlscan scan` of the same state all point at the exact evidence the verdicts came from.
    """
    from scanner.collect import collect_snapshot
    from scanner.commands.collect import options_from_args
    from scanner.fileio import atomic_write_json
    from scanner.snapshot.load import load_snapshot

    options = options_from_args(args)
    if args.quiet:
        options.progress = False
    path = atomic_write_json(Path(args.output_dir) / "snapshot.json", collect_snapshot(options))
    return load_snapshot(path)


def run(args: argparse.Namespace) -> int:
    from scanner.config import load_config, policy_parameters
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.frameworks import select_bundle
    from scanner.evaluate.scan import run_scan
    from scanner.history.pipeline import add_trend, record_scan, run_configured, scan_evaluator
    from scanner.report.outputs import RenderContext, parse_formats, write_reports
    from scanner.iac.inputs import apply_gate_inputs, load_input, new_only

    formats = parse_formats(args.format)
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    config = load_config(args.config)
    if args.snapshot is None and not getattr(args, "subscriptions", None) and not getattr(args, "all_subscriptions", False) and not (args.template or args.what_if or args.plan):
        return run_configured(args, config)  # no snapshot, no live scope: the targets of --config
    bundle = select_bundle(load_bundle(Path(args.policies) if args.policies else None), config.section("frameworks", {}) or {})
    if _live_scope(args):
        snapshot = _collect_live(args)
    else:
        snapshot = load_input(args)  # snapshot file, IaC file or folder: scanner/iac/inputs.py
    require_workspaces(snapshot)
    check_output_path(args.output_dir, "--output-dir", folder=True)
    if args.bundle:
        check_output_path(args.bundle, "--bundle", folder=False)
    from scanner.history.pipeline import check_history_path

    check_history_path(args, config)  # before anything is written
    extra = {"configuration": {"path": config.path, "sha256": config.sha256}} if config.path else None
    document = run_scan(snapshot, bundle, policy_parameters(config), workers=args.workers, extra=extra, evaluate=scan_evaluator(args))
    apply_gate_inputs(document, args, config)  # waivers and --baseline
    add_trend(args, config, document, snapshot)
    written = write_reports(RenderContext(document, snapshot, bundle.root), formats, Path(args.output_dir))
    if args.bundle:  # issue 5: scanner/report/bundle.py
        from scanner.report.bundle import write_scan_bundle

        written.append(write_scan_bundle(args.bundle, document, snapshot, bundle.root, config.path))
    record_scan(args, config, document, snapshot, Path(args.output_dir))

    return conclude(document, written, args.fail_on, args.fail_on_unknown, args.quiet, only_new=new_only)
