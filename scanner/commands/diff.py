"""`amlscan diff [SCAN_A] [SCAN_B]`: findings and configuration drift between two recorded scans."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from scanner.commands.history import add_history_option, open_history

if TYPE_CHECKING:
    from scanner.history.store import HistoryStore
    from scanner.snapshot.model import SnapshotData


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "diff",
        help="compare two recorded scans: findings and configuration drift",
        description="Show new, resolved and changed findings between two recorded scans, and which resource properties changed "
        "between their snapshots. Scans are given by number (7), position from the end (-1 is the latest) or scan id prefix. "
        "Default: the latest scan against the previous scan of the same scope.",
    )
    parser.add_argument("scan_a", nargs="?", metavar="SCAN_A", help="older scan (default: the scan before SCAN_B of the same scope)")
    parser.add_argument("scan_b", nargs="?", metavar="SCAN_B", help="newer scan (default: the latest)")
    add_history_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.set_defaults(handler=run)


def _value(value: Any) -> str:
    return "(absent)" if value is None else json.dumps(value) if not isinstance(value, str) else value


def render_text(report: dict[str, Any]) -> str:
    a, b = report["scan_a"], report["scan_b"]
    lines = [f"scan #{a['scan']} ({a['collected_at']}) -> scan #{b['scan']} ({b['collected_at']})", ""]
    findings = report["findings"]
    for kind in ("new", "resolved", "changed"):
        lines.append(f"{kind} findings: {len(findings[kind])}")
        for item in findings[kind]:
            lines.append(f"  {item['rule_id']} [{item['severity']}] {item['status_a'] or '-'} -> {item['status_b'] or '-'}  {item['resource_id']}")
            lines.append(f"      {item['title']}")
    drift = report["drift"]
    lines.append("")
    lines.append(f"configuration drift: {len(drift['properties_changed'])} property change(s), "
                 f"{len(drift['resources_added'])} resource(s) added, {len(drift['resources_removed'])} removed")
    for item in drift["properties_changed"]:
        lines.append(f"  ~ {item['id']}")
        lines.append(f"      {item['path']}: {_value(item['before'])} -> {_value(item['after'])}")
    for sign, key in (("+", "resources_added"), ("-", "resources_removed")):
        for item in drift[key]:
            lines.append(f"  {sign} {item['type']} {item['id']}" + (f"\n      {item['summary']}" if item["summary"] else ""))
    return "\n".join(lines) + "\n"


def build_report(store: HistoryStore, ref_a: str | None, ref_b: str | None) -> dict[str, Any]:
    from scanner.errors import UsageError
    from scanner.history.diff import diff_findings, diff_snapshots

    scan_b = store.resolve(ref_b) if ref_b else store.resolve("-1")
    if ref_a:
        scan_a = store.resolve(ref_a)
    else:
        found = store.previous(scan_b.scope_key, before=scan_b.id)
        if found is None:
            raise UsageError(f"scan #{scan_b.id} is the first recorded scan of its scope; name SCAN_A to compare with another scope")
        scan_a = found
    none: SnapshotData = {}  # a scan recorded without its snapshot: no drift to show
    snap_a, snap_b = store.snapshot(scan_a.id) or none, store.snapshot(scan_b.id) or none
    return {
        "scan_a": {"scan": scan_a.id, "scan_id": scan_a.scan_id, "collected_at": scan_a.collected_at, "recorded_at": scan_a.recorded_at},
        "scan_b": {"scan": scan_b.id, "scan_id": scan_b.scan_id, "collected_at": scan_b.collected_at, "recorded_at": scan_b.recorded_at},
        "same_scope": scan_a.scope_key == scan_b.scope_key,
        "findings": diff_findings(store.results(scan_a.id), store.results(scan_b.id)),
        "drift": diff_snapshots(snap_a, snap_b),
    }


def run(args: argparse.Namespace) -> int:
    with open_history(args) as store:
        report = build_report(store, args.scan_a, args.scan_b)
    if args.format == "json":
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print(render_text(report), end="")
    return 0
