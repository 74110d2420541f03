"""`amlscan scan`: evaluate a snapshot against the policies, write reports, gate CI."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.evaluate.gate import require_workspaces
from scanner.fileio import check_output_path

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
    parser.add_argument("--output-dir", metavar="DIR", help="where reports are written (default: outputs.folder of --config, else reports/)")
    parser.add_argument("--format", metavar="LIST", help="comma-separated report formats: sarif,html,json,junit,csv,md,oscal (default: outputs.formats of --config, else sarif,html,json)")
    parser.add_argument("--fail-on", choices=("critical", "high", "medium", "low", "none"), help="lowest severity of a failing result that fails the gate (default: outputs.fail_on of --config, else low)")
    parser.add_argument("--fail-on-unknown", action=argparse.BooleanOptionalAction, help="also fail the gate on unknown results (evidence missing, not assessed) at or above --fail-on (default: outputs.fail_on_unknown of --config, else no)")
    parser.add_argument("--config", metavar="amlscan.yaml", help="configuration file: parameters, frameworks, waivers, outputs, history, attestations; a flag given on the command line wins over it")
    parser.add_argument("--attestations", metavar="FILE", help="attestation file for manual controls (default: attestations of --config); see docs/reports.md")
    parser.add_argument("--policies", metavar="DIR", help="policies folder (default: the bundled policies/)")
    parser.add_argument("--workers", type=int, metavar="N", help="evaluation worker processes (default: one per core)")
    terminal = parser.add_argument_group("terminal output (findings and the verdict on stdout; warnings, errors and progress on stderr)")
    terminal.add_argument("--output-format", choices=("text", "full", "json"), default="text",
                          help="text: each failing finding in three lines, fitting 100 columns (default); full: every finding with its evidence and whole fix, and the unknown ones; json: the results document on stdout, nothing else")
    terminal.add_argument("--compact", action="store_true", help="one line per failing finding")
    terminal.add_argument("--quiet", action="store_true", help="no findings and no summary: only warnings and errors")
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


def _collect_live(args: argparse.Namespace, output_dir: str) -> Any:
    """Collect the live scope into <output-dir>/snapshot.json, then scan that file.

    The snapshot is kept beside the reports so that SARIF locations, the evidence bundle and a
    later `amlscan scan` of the same state all point at the exact evidence the verdicts came from.
    """
    from scanner.collect import collect_snapshot
    from scanner.commands.collect import options_from_args
    from scanner.commands.signin import clear_sign_in_errors
    from scanner.fileio import atomic_write_json
    from scanner.snapshot.load import load_snapshot

    options = options_from_args(args)
    if args.quiet:
        options.progress = False
    with clear_sign_in_errors(options.auth):
        data = collect_snapshot(options)
    path = atomic_write_json(Path(output_dir) / "snapshot.json", data)
    return load_snapshot(path)


def run(args: argparse.Namespace) -> int:
    from scanner.commands.scan_flow import prepare, scan_snapshot
    from scanner.config import load_config, scan_settings
    from scanner.history.pipeline import run_configured
    from scanner.iac.inputs import load_input
    from scanner.report.outputs import parse_formats

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    config = load_config(args.config)
    settings = scan_settings(args, config)
    parse_formats(settings.formats)
    if args.snapshot is None and not getattr(args, "subscriptions", None) and not getattr(args, "all_subscriptions", False) and not (args.template or args.what_if or args.plan):
        return run_configured(args, config)  # no snapshot, no live scope: the targets of --config
    prepared = prepare(args, config, settings)
    if _live_scope(args):
        check_output_path(settings.output_dir, "--output-dir", folder=True)
        snapshot = _collect_live(args, settings.output_dir)
    else:
        snapshot = load_input(args)  # snapshot file, IaC file or folder: scanner/iac/inputs.py
    require_workspaces(snapshot)
    check_output_path(settings.output_dir, "--output-dir", folder=True)
    if args.bundle:
        check_output_path(args.bundle, "--bundle", folder=False)
    from scanner.history.pipeline import check_history_path

    check_history_path(args, config)  # before anything is written
    return scan_snapshot(args, config, settings, prepared, snapshot, Path(settings.output_dir))
