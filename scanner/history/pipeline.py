"""`amlscan scan` wiring for history, engine choice and configured targets.

`scan SNAPSHOT [--history PATH]`: evaluate, add the trend, write reports, record.
`scan --config amlscan.yaml` (no SNAPSHOT): for each target of the configuration, collect it (or
load its snapshot file), evaluate, report into `<outputs.folder>/<target>/`, record in the history
and optionally export JSON Lines and the policy bundle. One target failing does not stop the
others; the exit code is the worst of all targets (3 > 2 > 1 > 0).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from scanner.errors import EXIT_OK, AmlscanError, UsageError
from scanner.evaluate.engine import DEFAULT_ENGINE, ENGINES
from scanner.history.store import DEFAULT_HISTORY_PATH, HistoryStore

if TYPE_CHECKING:
    from scanner.config import Config


def add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    """History and engine options of `scan`; call after the other options so their defaults are known."""
    group = parser.add_argument_group("history and policy engine")
    group.add_argument("--history", metavar="PATH", help=f"record the scan in this SQLite history (default: history.path of --config, else not recorded; {DEFAULT_HISTORY_PATH} when the config has a history section without path)")
    group.add_argument("--history-export", choices=("jsonl",), help="also write the scan's results as results.jsonl (Log Analytics / Azure Data Explorer) beside the reports")
    group.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                       help="policy engine: embedded (default; also named wasm: the policies compiled by OPA to WebAssembly), or an OPA server (--opa-url)")
    group.add_argument("--opa-url", metavar="URL", help="OPA server for --engine opa, e.g. http://127.0.0.1:8181 (bearer token from AMLSCAN_OPA_TOKEN)")
    group.add_argument("--opa-preloaded", action="store_true", help="the OPA server already holds the bundle from `amlscan bundle`: push nothing")
    group.add_argument("--target", dest="targets", action="append", default=[], metavar="NAME", help="with --config and no SNAPSHOT: scan only this target (repeatable)")


def scan_evaluator(args: argparse.Namespace) -> Callable[..., Iterable[dict[str, Any]]] | None:
    """The evaluator `run_scan` should use: None for the default embedded engine."""
    from scanner.evaluate.engine import evaluator

    engine = getattr(args, "engine", DEFAULT_ENGINE)
    chosen = evaluator(engine, getattr(args, "opa_url", None), bool(getattr(args, "opa_preloaded", False)))
    return None if engine == DEFAULT_ENGINE else chosen


def config_relative(config: Config, value: str) -> Path:
    path = Path(value)
    if path.is_absolute() or not config.path:
        return path
    return Path(config.path).parent / path


def history_path(args: argparse.Namespace, config: Config) -> Path | None:
    if getattr(args, "history", None):
        return Path(args.history)
    section = config.section("history")
    if section is None or not section.get("enabled", True):
        return None
    return config_relative(config, section.get("path", DEFAULT_HISTORY_PATH))


def check_history_path(args: argparse.Namespace, config: Config) -> None:
    """Refuse an unusable history before any report is written (exit 2, nothing written): a
    folder, a file that is not a SQLite database, a location that cannot be written."""
    from scanner.fileio import check_output_path

    path = history_path(args, config)
    if path is None:
        return
    check_output_path(path, "--history", folder=False)
    if path.is_file():
        if not os.access(path, os.R_OK | os.W_OK):
            raise UsageError(f"{path.as_posix()}: cannot write the history database: permission denied")
        with open(path, "rb") as handle:
            head = handle.read(16)
        if head and head != b"SQLite format 3\0":
            raise UsageError(f"{path.as_posix()}: --history is not a SQLite database (amlscan history databases are)")


def _export_requested(args: argparse.Namespace, config: Config) -> bool:
    return getattr(args, "history_export", None) == "jsonl" or (config.section("history") or {}).get("export") == "jsonl"


def add_trend(args: argparse.Namespace, config: Config, document: dict[str, Any], snapshot: Any, target: str | None = None) -> None:
    """Put `trend` into the results document when the history holds a previous scan of the scope."""
    from scanner.history.trend import trend_for

    path = history_path(args, config)
    if path is None and getattr(args, "history_export", None):
        raise UsageError("--history-export needs a history: --history PATH or history.path in --config")
    if path is None or not path.is_file():
        return
    with HistoryStore(path) as store:
        trend = trend_for(store, document, snapshot.data, target)
    if trend is not None:
        document["trend"] = trend


def record_scan(args: argparse.Namespace, config: Config, document: dict[str, Any], snapshot: Any, output_dir: Path, target: str | None = None) -> None:
    """Record the scan in the history (if one is configured) and export JSON Lines if asked."""
    from scanner.history.export import export_jsonl

    path = history_path(args, config)
    quiet = getattr(args, "quiet", False)
    if path is None:
        if getattr(args, "history_export", None):
            raise UsageError("--history-export needs a history: --history PATH or history.path in --config")
        return
    with HistoryStore(path) as store:
        scan = store.record(document, snapshot.data, target=target, engine=getattr(args, "engine", "embedded"))
        if not quiet:
            print(f"amlscan: recorded scan #{scan.id} ({scan.scan_id}) in {path.as_posix()}", file=sys.stderr)
        if _export_requested(args, config):
            lines = export_jsonl(store, [scan], output_dir / "results.jsonl")
            if not quiet:
                print(f"amlscan: wrote {(output_dir / 'results.jsonl').as_posix()} ({lines} line(s))", file=sys.stderr)


# -- scan --config: the configured targets ---------------------------------------------------


def _matches_tags(workspace: dict[str, Any], selector: dict[str, str]) -> bool:
    resource = (workspace.get("workspace") or {}).get("resource") or {}
    tags = {str(k).lower(): v for k, v in (resource.get("tags") or {}).items()}
    return all(tags.get(str(k).lower()) == v for k, v in selector.items())


def target_snapshot(config: Config, target: dict[str, Any], output_dir: Path) -> Any:
    """Collect (or load) a target's snapshot; a live or tag-filtered one is saved as snapshot.json."""
    from scanner.fileio import atomic_write_json
    from scanner.snapshot.load import load_snapshot

    if "snapshot" in target:
        source = config_relative(config, target["snapshot"])
        if "tags" not in target:
            return load_snapshot(source)
        data = dict(load_snapshot(source).data)
    else:
        from scanner.collect import CollectOptions, collect_snapshot

        keys = ("subscriptions", "all_subscriptions", "resource_group", "workspace", "auth", "cloud", "arm_endpoint",
                "ca_bundle", "discovery", "max_workers", "timeout", "max_retries")
        options = {key: target[key] for key in keys if key in target}
        if "ca_bundle" in options:
            options["ca_bundle"] = str(config_relative(config, options["ca_bundle"]))
        data = collect_snapshot(CollectOptions(progress=False, **options))
    if "tags" in target:
        data["workspaces"] = [ws for ws in data.get("workspaces", []) if _matches_tags(ws, target["tags"])]
    return load_snapshot(atomic_write_json(output_dir / "snapshot.json", data))


def _scan_target(args: argparse.Namespace, config: Config, settings: Any, prepared: Any, target: dict[str, Any]) -> int:
    from scanner.commands.scan_flow import scan_snapshot
    from scanner.evaluate.gate import require_workspaces

    from scanner.commands.signin import clear_sign_in_errors

    output_dir = Path(settings.output_dir) / target["name"]
    check_history_path(args, config)
    with clear_sign_in_errors(target.get("auth", "default")):
        snapshot = target_snapshot(config, target, output_dir)
    require_workspaces(snapshot)
    return scan_snapshot(args, config, settings, prepared, snapshot, output_dir, target["name"])


def run_configured(args: argparse.Namespace, config: Config) -> int:
    """`scan --config` without a SNAPSHOT: every configured target in turn."""
    from scanner.commands.scan_flow import prepare
    from scanner.config import scan_settings

    if config.path is None:
        raise UsageError("give a SNAPSHOT.json, or --config amlscan.yaml with targets (amlscan init writes one)")
    targets = config.section("targets") or []
    if not targets:
        raise UsageError(f"{config.path}: no targets at $.targets; give a SNAPSHOT.json or add targets (see amlscan init)")
    names = [t["name"] for t in targets]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(f"{config.path}: target name {duplicates[0]!r} is used twice at $.targets")
    unknown = sorted(set(args.targets) - set(names))
    if unknown:
        raise UsageError(f"--target {unknown[0]}: no such target in {config.path} (targets: {', '.join(names)})")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    settings = scan_settings(args, config)
    prepared = prepare(args, config, settings)
    worst = EXIT_OK
    for target in targets:
        if args.targets and target["name"] not in args.targets:
            continue
        try:
            code = _scan_target(args, config, settings, prepared, target)
        except AmlscanError as exc:
            print(f"amlscan: error: [{target['name']}] {exc}", file=sys.stderr)
            code = exc.exit_code
        worst = max(worst, code)
    return worst
