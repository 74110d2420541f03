"""`amlscan collect`: read live Azure state into a snapshot file.

Azure SDK imports happen inside `run`, so `amlscan --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys

from scanner.commands.live_scope import add_live_scope_arguments, collect_options


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "collect",
        help="read live Azure state into a snapshot file",
        description="Read Azure Machine Learning workspaces and their surroundings (read-only) into a snapshot file (format v1).",
    )
    parser.add_argument("--output", "-o", required=True, metavar="FILE", help="snapshot file to write (written atomically)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    add_live_scope_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from scanner.collect import collect_snapshot
    from scanner.collect.signin import clear_sign_in_errors
    from scanner.fileio import atomic_write_json

    options = collect_options(args)
    if args.no_progress:
        options.progress = False
    with clear_sign_in_errors(args.auth):
        snapshot = collect_snapshot(options)
    atomic_write_json(args.output, snapshot)
    workspaces = snapshot["workspaces"]
    not_ok = sum(
        1
        for ws in workspaces
        for key, section in ws.items()
        if isinstance(section, dict) and section.get("status") not in (None, "ok")
    )
    print(
        f"amlscan: wrote {args.output}: {len(workspaces)} workspace(s) in {len(snapshot.get('subscriptions', []))} "
        f"subscription(s); {not_ok} section(s) not collected",
        file=sys.stderr,
    )
    return 0
