"""`amlscan history`: list the recorded scans, or export their results as JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_history_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--history", metavar="PATH", help="history database (default: history.path of --config, else amlscan-history.db)")
    parser.add_argument("--config", metavar="amlscan.yaml", help="configuration file naming the history database")


def open_history(args: argparse.Namespace) -> Any:
    """The history database named by --history or --config; it must already exist."""
    from scanner.config import DEFAULT_HISTORY_PATH, history_path, load_config
    from scanner.errors import UsageError
    from scanner.history.store import HistoryStore

    path = history_path(load_config(args.config), args.history) or Path(DEFAULT_HISTORY_PATH)
    if not path.is_file():
        raise UsageError(f"{path.as_posix()}: no history database here; scans are recorded with `amlscan scan --history {path.as_posix()}`")
    return HistoryStore(path, read_only=True)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("history", help="list recorded scans", description="List the scans recorded in the history database, most recent first.")
    add_history_option(parser)
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="show at most N scans (default 50; 0 for all)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.add_argument("--export-jsonl", metavar="FILE", help="write the results of the listed scans as JSON Lines (table schema in docs/history.md)")
    parser.set_defaults(handler=run)


def _row(scan: Any) -> dict[str, Any]:
    by_status = scan.summary.get("by_status", {})
    return {
        "scan": scan.id,
        "scan_id": scan.scan_id,
        "recorded_at": scan.recorded_at,
        "collected_at": scan.collected_at,
        "target": scan.target,
        "scope": scan.scope,
        "scope_key": scan.scope_key,
        "scanner_version": scan.scanner_version,
        "policy": f"{scan.policy_name} {scan.policy_version}",
        "policy_sha256": scan.policy_sha256,
        "snapshot_sha256": scan.snapshot_sha256,
        "engine": scan.engine,
        "workspaces": scan.workspaces,
        "by_status": by_status,
    }


def run(args: argparse.Namespace) -> int:
    from scanner.errors import UsageError
    from scanner.history.export import export_jsonl

    if args.limit < 0:
        raise UsageError("--limit must not be negative")
    with open_history(args) as store:
        scans = store.scans(limit=args.limit or None)
        if args.export_jsonl:
            lines = export_jsonl(store, scans, args.export_jsonl)
            print(f"amlscan: wrote {args.export_jsonl} ({lines} line(s) from {len(scans)} scan(s))", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([_row(scan) for scan in scans], indent=2, sort_keys=True))
        return 0
    if not scans:
        print("no scans recorded")
        return 0
    print(f"{'#':>4}  {'collected_at':<20}  {'recorded_at':<20}  {'scope':<28}  {'fail':>5} {'unkn':>5} {'err':>4} {'pass':>5}  scan id")
    for scan in scans:
        s = scan.summary.get("by_status", {})
        scope = scan.target or next(iter(scan.scope.values()), "")
        scope_text = scope if isinstance(scope, str) else ",".join(str(x).rsplit("/", 1)[-1] for x in scope)
        print(
            f"{scan.id:>4}  {str(scan.collected_at or '-')[:20]:<20}  {scan.recorded_at[:19] + 'Z':<20}  {scope_text[:28]:<28}  "
            f"{s.get('fail', 0):>5} {s.get('unknown', 0):>5} {s.get('error', 0):>4} {s.get('pass', 0):>5}  {scan.scan_id}"
        )
    return 0
