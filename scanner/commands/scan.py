"""`amlscan scan`: evaluate a snapshot against the policies, write reports, gate CI.

Every flag of `scan` is defined here (the live scope's are shared with `collect`:
commands/live_scope.py), and `scan_request` turns them, with amlscan.yaml, into the typed
ScanRequest that scanner/pipeline.py runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scanner.errors import EXIT_CODES_HELP, UsageError
from scanner.request import ScanRequest
from scanner.vocabulary import FAIL_ON_CHOICES


class DeprecatedAlias(argparse.Action):
    """An old spelling of an option, kept for CI scripts that use it: stores into the new option's
    destination and prints a one-line deprecation warning on stderr."""

    def __init__(self, option_strings: Sequence[str], dest: str, replacement: str = "", **kwargs: Any) -> None:
        self.replacement = replacement
        super().__init__(option_strings, dest, help=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        print(f"amlscan: warning: {option_string} is deprecated and will be removed; use {self.replacement}", file=sys.stderr)
        setattr(namespace, self.dest, values)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from scanner.commands.live_scope import add_live_scope_arguments
    from scanner.evaluate.engine import DEFAULT_ENGINE, ENGINES

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
    parser.add_argument("--fail-on", choices=FAIL_ON_CHOICES, help="lowest severity of a failing result that fails the gate (default: outputs.fail_on of --config, else low)")
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
    parser.add_argument("--evidence", metavar="ZIP", help="also write an evidence bundle (reports, snapshot, policies, configuration, manifest.json); sign it with `amlscan export --sign`")
    parser.add_argument("--bundle", dest="evidence", action=DeprecatedAlias, replacement="--evidence", metavar="ZIP")
    history = parser.add_argument_group("history and policy engine")
    history.add_argument("--history", metavar="PATH", help="record the scan in this SQLite history (default: history.path of --config, else not recorded; amlscan-history.db when the config has a history section without path)")
    history.add_argument("--history-export", choices=("jsonl",), help="also write the scan's results as results.jsonl (Log Analytics / Azure Data Explorer) beside the reports")
    history.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                         help="policy engine: embedded (default; also named wasm: the policies compiled by OPA to WebAssembly), or an OPA server (--opa-url)")
    history.add_argument("--opa-url", metavar="URL", help="OPA server for --engine opa, e.g. http://127.0.0.1:8181 (bearer token from AMLSCAN_OPA_TOKEN)")
    history.add_argument("--opa-preloaded", action="store_true", help="the OPA server already holds the OPA bundle from `amlscan opa-bundle`: push nothing")
    history.add_argument("--target", dest="targets", action="append", default=[], metavar="NAME", help="with --config and no SNAPSHOT: scan only this target (repeatable)")
    iac = parser.add_argument_group("infrastructure code (instead of SNAPSHOT.json; SNAPSHOT may also be a folder to walk)")
    iac.add_argument("--template", metavar="FILE", help="ARM template or `bicep build` output")
    iac.add_argument("--parameters", metavar="FILE", help="ARM parameters file for --template")
    iac.add_argument("--what-if", dest="what_if", metavar="FILE", help="`az deployment group what-if --output json` result")
    iac.add_argument("--plan", metavar="FILE", help="Terraform plan JSON (`terraform show -json plan.tfplan`)")
    gate = parser.add_argument_group("baselines and waivers")
    gate.add_argument("--baseline", metavar="results.json", help="previous results.json: only results new since it fail the gate")
    gate.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="date waiver expiry is judged on (default: today, UTC)")
    add_live_scope_arguments(parser)  # --subscription/--all-subscriptions ...: collect first, then scan
    parser.set_defaults(handler=run)


def scan_request(args: argparse.Namespace) -> ScanRequest:
    """The ScanRequest of these flags and the configuration they name (amlscan.yaml)."""
    from scanner.commands.live_scope import collect_options
    from scanner.config import deprecated_settings, history_export, history_path, load_config, scan_settings
    from scanner.iac.inputs import InputFiles
    from scanner.report.terminal import TerminalOptions
    from scanner.request import EngineChoice, HistoryChoice

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    config = load_config(args.config)
    for warning in deprecated_settings(config):
        print(f"amlscan: warning: {warning}", file=sys.stderr)
    settings = scan_settings(config, output_dir=args.output_dir, formats=args.format, fail_on=args.fail_on,
                             fail_on_unknown=args.fail_on_unknown, attestations=args.attestations)
    live = args.subscriptions or args.all_subscriptions
    return ScanRequest(
        config=config,
        settings=settings,
        inputs=InputFiles(args.snapshot, args.template, args.parameters, args.what_if, args.plan),
        live=collect_options(args) if live else None,
        targets=tuple(args.targets),
        policies=Path(args.policies) if args.policies else None,
        workers=args.workers,
        evidence=args.evidence,
        engine=EngineChoice(args.engine, args.opa_url, args.opa_preloaded),
        history=HistoryChoice(history_path(config, args.history), args.history_export == "jsonl" or history_export(config), bool(args.history_export)),
        baseline=args.baseline,
        as_of=args.as_of,
        terminal=TerminalOptions(mode=args.output_format, compact=args.compact, quiet=args.quiet),
    )


def run(args: argparse.Namespace) -> int:
    from scanner.pipeline import run as run_pipeline

    return run_pipeline(scan_request(args))
