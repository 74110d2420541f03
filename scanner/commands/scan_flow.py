"""One scan from a loaded snapshot to its exit code, shared by `scan SNAPSHOT` and each configured
target of `scan --config`.

Order matters: inputs that can be refused (waivers, attestations, dates) are checked before the
evaluation; the gate is decided before the reports are written, so every report states it; the
terminal output comes last, after the reports and the history are written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.config import Config, ScanSettings


@dataclass
class Prepared:
    """What is checked before evaluating: the bundle to run, waivers, attestations."""

    bundle: Any
    waivers: list[Any]
    attestations: dict[str, Any] | None


def prepare(args: argparse.Namespace, config: Config, settings: ScanSettings) -> Prepared:
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.frameworks import select_bundle
    from scanner.evaluate.gate import load_waivers
    from scanner.evaluate.waivers import parse_as_of

    full = load_bundle(Path(args.policies) if getattr(args, "policies", None) else None)
    bundle = select_bundle(full, config.section("frameworks", {}) or {})
    as_of = parse_as_of(getattr(args, "as_of", None))
    waivers = load_waivers(config, [rule.id for rule in full.rules])
    attestations = None
    if settings.attestations:
        from scanner.evaluate.attestations import framework_controls, load_attestations

        attestations = load_attestations(settings.attestations, framework_controls(full.root), as_of)
    return Prepared(bundle, waivers, attestations)


def terminal_options(args: argparse.Namespace) -> Any:
    from scanner.report.terminal import TerminalOptions

    return TerminalOptions(mode=getattr(args, "output_format", None) or "text", compact=bool(getattr(args, "compact", False)), quiet=bool(args.quiet))


def warn(message: str) -> None:
    print(f"amlscan: warning: {message}", file=sys.stderr)


def scan_snapshot(args: argparse.Namespace, config: Config, settings: ScanSettings, prepared: Prepared, snapshot: Any,
                  output_dir: Path, target: str | None = None) -> int:
    """Evaluate, apply waivers and baseline, decide the gate, write reports and history, print."""
    from scanner.commands import progress
    from scanner.evaluate.gate import apply_gate_inputs, decide, exit_code
    from scanner.evaluate.run import evaluate_workspaces
    from scanner.evaluate.scan import run_scan
    from scanner.history.pipeline import add_trend, record_scan, scan_evaluator
    from scanner.report.locations import attach_locations
    from scanner.report.outputs import RenderContext, parse_formats, write_reports
    from scanner.report.scope import iac_scan_facts, is_iac
    from scanner.report.terminal import print_scan

    formats = parse_formats(settings.formats)
    options = terminal_options(args)
    show = progress.wanted(args.quiet) and options.mode != "json"
    extra = {"configuration": {"path": config.path, "sha256": config.sha256}} if config.path else None
    evaluate = scan_evaluator(args)  # None: run_scan's own default engine
    if show:  # wrapped only on a terminal, so the default stays run_scan's choice in CI
        evaluate = progress.evaluating(evaluate or evaluate_workspaces, len(snapshot.workspaces), show)
    document = run_scan(snapshot, prepared.bundle, _params(config), workers=args.workers, extra=extra, evaluate=evaluate)
    attach_locations(document, snapshot)
    apply_gate_inputs(document, prepared.waivers, getattr(args, "as_of", None), getattr(args, "baseline", None))
    if prepared.attestations is not None:
        document["attestations"] = prepared.attestations
    if is_iac(document):
        document["scan"] = iac_scan_facts(snapshot, getattr(args, "as_of", None))
    decide(document, settings.fail_on, settings.fail_on_unknown)
    for warning in (document.get("waivers") or {}).get("warnings", []):
        warn(warning["message"])
    for item in (document.get("attestations") or {}).get("items", []):
        if item["expired"]:
            warn(f"attestation of {item['framework']} {item['control']} by {item['reviewer']} expired on {item['expires']}: the control counts as manual again")
    add_trend(args, config, document, snapshot, target)
    with progress.bar("writing reports", len(formats), show) as advance:
        written = write_reports(RenderContext(document, snapshot, prepared.bundle.root), formats, output_dir, progress=advance)
    if getattr(args, "bundle", None):  # issue 5: scanner/report/bundle.py
        from scanner.report.bundle import write_scan_bundle

        written.append(write_scan_bundle(args.bundle, document, snapshot, prepared.bundle.root, config.path))
    if settings.opa_bundle:
        from scanner.commands.bundle import write_bundle

        written.append(write_bundle(prepared.bundle, _params(config), output_dir / "policies.tar.gz"))
    record_scan(args, config, document, snapshot, output_dir, target)
    print_scan(document, written, options, label=target or "")
    return exit_code(document)


def _params(config: Config) -> dict[str, Any]:
    from scanner.config import policy_parameters

    return policy_parameters(config)
