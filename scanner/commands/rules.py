"""`amlscan rules`: the rule catalogue as a table, JSON or Markdown."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from scanner.errors import EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("rules", help="list the rule catalogue with its controls", description="List every rule with its severity and the HIPAA and GDPR controls it serves.")
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    parser.add_argument("--policies", metavar="DIR", help="policies folder (default: the bundled policies/)")
    parser.set_defaults(handler=run)


def print_table(bundle: Any) -> None:
    """The catalogue as a table that fits the terminal: long titles and control lists wrap in their
    column instead of running off the edge (width: the terminal, or $COLUMNS, else 100)."""
    from rich.console import Console
    from rich.table import Table

    width = shutil.get_terminal_size((100, 24)).columns
    console = Console(file=sys.stdout, width=max(width, 60), highlight=False, color_system="auto" if sys.stdout.isatty() else None)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    table.add_column("ID", no_wrap=True)
    table.add_column("SEVERITY", no_wrap=True)
    table.add_column("TITLE", ratio=3, overflow="fold", min_width=20)  # no title word is longer: words wrap whole
    table.add_column("HIPAA", ratio=2, overflow="fold")
    table.add_column("GDPR", ratio=1, overflow="fold")
    for rule in bundle.rules:
        table.add_row(rule.id, rule.severity, rule.title, ", ".join(rule.frameworks.get("hipaa", [])), ", ".join(rule.frameworks.get("gdpr", [])))
    with console.capture() as captured:
        console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
    sys.stdout.write(f"\n{len(bundle.rules)} rules, policy bundle {bundle.name} {bundle.version}\n")


def run(args: argparse.Namespace) -> int:
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.scan import rule_catalog_entry

    bundle = load_bundle(Path(args.policies) if args.policies else None)
    if args.format == "json":
        document = {"policy_bundle": {"name": bundle.name, "version": bundle.version, "sha256": bundle.sha256}, "rules": [rule_catalog_entry(r) for r in bundle.rules]}
        sys.stdout.write(json.dumps(document, indent=2, sort_keys=True) + "\n")
    elif args.format == "markdown":
        from scanner.report.rules_markdown import render

        sys.stdout.write(render(bundle))
    else:
        try:
            print_table(bundle)
        except BrokenPipeError:  # `amlscan rules | head`
            from scanner.report.terminal import quiet_stdout

            quiet_stdout()
    return EXIT_OK
