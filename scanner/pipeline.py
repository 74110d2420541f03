"""The scan pipeline: one ScanRequest (scanner/request.py) from its inputs to its exit code.

Every way of running `amlscan scan` goes through `run`: a snapshot or IaC given on the command
line, a live scope collected first, or each target of `scan --config`. One scan is

    prepare          the policy bundle (narrowed to the enabled frameworks), waivers, attestations
    acquire          the snapshot: read a file, normalise IaC, or collect (collect/, iac/, snapshot/)
    check outputs    the report folder, the evidence bundle path, the history, before anything runs
    evaluate         every rule on every workspace (evaluate/, through the chosen engine)
    judge            IaC locations, waivers, baseline, attestations, then the gate's verdict (gate/)
    trend, report    the history's trend, the reports, the evidence bundle, the OPA bundle (report/)
    record, print    the history (history/), then the terminal summary: the exit code is the gate's

Order matters: inputs that can be refused (waivers, attestations, dates, output paths) are checked
before the evaluation; the gate is decided before the reports are written, so every report states
it; the terminal output comes last. With targets, one target failing does not stop the others and
the exit code is the worst of all (3 > 2 > 1 > 0).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.collect.collector import CollectOptions
from scanner.errors import EXIT_OK, AmlscanError, UsageError
from scanner.evaluate.document import ResultsDocument, attestation_items, waiver_warnings
from scanner.iac.inputs import InputFiles
from scanner.request import ScanRequest, Target, targets_of

if TYPE_CHECKING:
    from scanner.evaluate.catalog import PolicyBundle
    from scanner.evaluate.document import Attestations
    from scanner.gate.waivers import Waiver
    from scanner.snapshot.load import Snapshot
    from scanner.snapshot.model import WorkspaceEntry

# Where one scan's snapshot comes from: files given, a live scope given, or a configured target.
Source = InputFiles | CollectOptions | Target


@dataclass(frozen=True)
class Prepared:
    """What is checked before evaluating: the policy bundle to run, waivers, attestations."""

    bundle: PolicyBundle  # narrowed to the enabled frameworks
    waivers: list[Waiver]
    attestations: Attestations | None


def run(request: ScanRequest) -> int:
    """The scan the request asks for; its exit code."""
    from scanner.report.outputs import parse_formats

    parse_formats(request.settings.formats)
    if request.configured:
        return _scan_targets(request)
    prepared = prepare(request)
    if request.live is not None and (request.inputs.snapshot or request.inputs.iac_files):
        raise UsageError("give either a snapshot (or IaC input) or a live scope (--subscription / --all-subscriptions), not both")
    return _scan_one(request, prepared, request.live or request.inputs, Path(request.settings.output_dir))


def prepare(request: ScanRequest) -> Prepared:
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.frameworks import select_bundle
    from scanner.gate.waivers import check_waiver_rules, parse_as_of, parse_waivers

    config = request.config
    full = load_bundle(request.policies)
    bundle = select_bundle(full, config.section("frameworks", {}) or {})
    as_of = parse_as_of(request.as_of)
    # A waiver naming no rule of the policy bundle (the whole catalogue, not only the frameworks
    # selected) is a usage error.
    where = config.path or "amlscan.yaml"
    waivers = parse_waivers(config.section("waivers"), where)
    check_waiver_rules(waivers, [rule.id for rule in full.rules], where)
    attestations = None
    if request.settings.attestations:
        from scanner.evaluate.frameworks import framework_controls
        from scanner.gate.attestations import load_attestations

        attestations = load_attestations(request.settings.attestations, framework_controls(full.root), as_of)
    return Prepared(bundle, waivers, attestations)


def _scan_targets(request: ScanRequest) -> int:
    """`scan --config` without a SNAPSHOT: every configured target in turn."""
    config = request.config
    if config.path is None:
        raise UsageError("give a SNAPSHOT.json, or --config amlscan.yaml with targets (amlscan init writes one)")
    targets = targets_of(config)
    if not targets:
        raise UsageError(f"{config.path}: no targets at $.targets; give a SNAPSHOT.json or add targets (see amlscan init)")
    names = [t.name for t in targets]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(f"{config.path}: target name {duplicates[0]!r} is used twice at $.targets")
    unknown = sorted(set(request.targets) - set(names))
    if unknown:
        raise UsageError(f"--target {unknown[0]}: no such target in {config.path} (targets: {', '.join(names)})")
    prepared = prepare(request)
    worst = EXIT_OK
    for target in targets:
        if request.targets and target.name not in request.targets:
            continue
        try:
            code = _scan_one(request, prepared, target, Path(request.settings.output_dir) / target.name, target.name)
        except AmlscanError as exc:
            print(f"amlscan: error: [{target.name}] {exc}", file=sys.stderr)
            code = exc.exit_code
        worst = max(worst, code)
    return worst


def _check_outputs(request: ScanRequest, output_dir: Path, evidence: bool = True) -> None:
    """Refuse output paths that cannot work, before any time is spent (exit 2, nothing written)."""
    from scanner.fileio import check_output_path
    from scanner.history.store import check_database_path

    check_output_path(output_dir, "--output-dir", folder=True)
    if evidence and request.evidence:
        check_output_path(request.evidence, "--evidence", folder=False)
    if request.history.path is not None:
        check_database_path(request.history.path)


def _scan_one(request: ScanRequest, prepared: Prepared, source: Source, output_dir: Path, target: str | None = None) -> int:
    """Acquire one snapshot, check the outputs, scan it."""
    from scanner.gate.verdict import require_workspaces
    from scanner.iac.inputs import load_input

    if isinstance(source, InputFiles):
        snapshot = load_input(source)  # snapshot file, IaC file or folder: scanner/iac/inputs.py
    else:  # collected: refuse unusable outputs before collecting
        _check_outputs(request, output_dir, evidence=False)
        snapshot = _collect(request, source, output_dir)
    require_workspaces(snapshot)
    _check_outputs(request, output_dir)
    return scan_snapshot(request, prepared, snapshot, output_dir, target)


def _collect(request: ScanRequest, source: CollectOptions | Target, output_dir: Path) -> Snapshot:
    """Collect a live scope (or load a target's snapshot file) into <output-dir>/snapshot.json.

    The snapshot is kept beside the reports so that SARIF locations, the evidence bundle and a
    later `amlscan scan` of the same state all point at the exact evidence the verdicts came from.
    A target's snapshot file is read in place unless tags narrow it.
    """
    import dataclasses

    from scanner.collect import collect_snapshot
    from scanner.collect.signin import clear_sign_in_errors
    from scanner.fileio import atomic_write_json
    from scanner.snapshot.load import load_snapshot

    if isinstance(source, Target):
        if source.collect is None:
            assert source.snapshot is not None  # a target is a snapshot file or a live scope (targets.schema.json)
            if source.tags is None:
                return load_snapshot(source.snapshot)
            data: dict[str, Any] = dict(load_snapshot(source.snapshot).data)
        else:
            with clear_sign_in_errors(source.auth):
                data = collect_snapshot(source.collect)
        if source.tags is not None:
            tags = source.tags
            data["workspaces"] = [ws for ws in data.get("workspaces", []) if _matches_tags(ws, tags)]
    else:
        options = dataclasses.replace(source, progress=False) if request.terminal.quiet else source
        with clear_sign_in_errors(options.auth):
            data = collect_snapshot(options)
    return load_snapshot(atomic_write_json(output_dir / "snapshot.json", data))


def _matches_tags(workspace: WorkspaceEntry, selector: dict[str, str]) -> bool:
    section = workspace.get("workspace")
    resource = (section.get("resource") if section else None) or {}
    tags = {str(k).lower(): v for k, v in (resource.get("tags") or {}).items()}
    return all(tags.get(str(k).lower()) == v for k, v in selector.items())


def _warn(message: str) -> None:
    print(f"amlscan: warning: {message}", file=sys.stderr)


def scan_snapshot(request: ScanRequest, prepared: Prepared, snapshot: Snapshot, output_dir: Path, target: str | None = None) -> int:
    """Evaluate, apply waivers and baseline, decide the gate, write reports and history, print."""
    from scanner.evaluate.engine import evaluator
    from scanner.evaluate.scan import run_scan
    from scanner.gate.verdict import apply_gate_inputs, decide, exit_code
    from scanner.report import progress
    from scanner.report.locations import attach_locations
    from scanner.report.outputs import RenderContext, parse_formats, write_reports
    from scanner.report.scope import iac_scan_facts, is_iac
    from scanner.report.terminal import print_scan

    config, settings, terminal = request.config, request.settings, request.terminal
    formats = parse_formats(settings.formats)
    show = progress.wanted(terminal.quiet) and terminal.mode != "json"
    configuration = {"path": config.path, "sha256": config.sha256} if config.path else None
    evaluate = evaluator(request.engine.name, request.engine.opa_url, request.engine.preloaded)
    evaluate = progress.evaluating(evaluate, len(snapshot.workspaces), show)
    document = run_scan(snapshot, prepared.bundle, request.params, workers=request.workers, configuration=configuration, evaluate=evaluate)
    attach_locations(document, snapshot)
    apply_gate_inputs(document, prepared.waivers, request.as_of, request.baseline)
    if prepared.attestations is not None:
        document["attestations"] = prepared.attestations
    if is_iac(document):
        document["scan"] = iac_scan_facts(snapshot, request.as_of)
    decide(document, settings.fail_on, settings.fail_on_unknown)
    for warning in waiver_warnings(document):
        _warn(warning["message"])
    for item in attestation_items(document):
        if item["expired"]:
            _warn(f"attestation of {item['framework']} {item['control']} by {item['reviewer']} expired on {item['expires']}: the control counts as manual again")
    _add_trend(request, document, snapshot, target)
    with progress.bar("writing reports", len(formats), show) as advance:
        written = write_reports(RenderContext(document, snapshot, prepared.bundle.root), formats, output_dir, progress=advance)
    if request.evidence:
        from scanner.report.evidence import write_scan_evidence

        written.append(write_scan_evidence(request.evidence, document, snapshot, prepared.bundle.root, config.path))
    if settings.opa_bundle:
        from scanner.evaluate.opa_bundle import write_opa_bundle

        written.append(write_opa_bundle(prepared.bundle, request.params, output_dir / "policies.tar.gz"))
    _record(request, document, snapshot, output_dir, target)
    print_scan(document, written, terminal, label=target or "")
    return exit_code(document)


def _history_needed(request: ScanRequest) -> None:
    if request.history.export_flag:
        raise UsageError("--history-export needs a history: --history PATH or history.path in --config")


def _add_trend(request: ScanRequest, document: ResultsDocument, snapshot: Snapshot, target: str | None) -> None:
    """Put `trend` into the results document when the history holds a previous scan of the scope."""
    from scanner.history.store import HistoryStore
    from scanner.history.trend import trend_for

    path = request.history.path
    if path is None:
        _history_needed(request)
    if path is None or not path.is_file():
        return
    with HistoryStore(path) as store:
        trend = trend_for(store, document, snapshot.data, target)
    if trend is not None:
        document["trend"] = trend


def _record(request: ScanRequest, document: ResultsDocument, snapshot: Snapshot, output_dir: Path, target: str | None) -> None:
    """Record the scan in the history (if one is configured) and export JSON Lines if asked."""
    from scanner.history.export import export_jsonl
    from scanner.history.store import HistoryStore

    path, quiet = request.history.path, request.terminal.quiet
    if path is None:
        _history_needed(request)
        return
    with HistoryStore(path) as store:
        scan = store.record(document, snapshot.data, target=target, engine=request.engine.name)
        if not quiet:
            print(f"amlscan: recorded scan #{scan.id} ({scan.scan_id}) in {path.as_posix()}", file=sys.stderr)
        if request.history.export:
            lines = export_jsonl(store, [scan], output_dir / "results.jsonl")
            if not quiet:
                print(f"amlscan: wrote {(output_dir / 'results.jsonl').as_posix()} ({lines} line(s))", file=sys.stderr)
