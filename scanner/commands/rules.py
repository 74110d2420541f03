"""`amlscan rules`: the rule catalogue as a table, JSON or Markdown."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from scanner.errors import EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rules", help="list the rule catalogue with its controls", description="List every rule with its severity and the HIPAA and GDPR controls it serves.")
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    parser.add_argument("--policies", metavar="DIR", help="policies folder (default: the bundled policies/)")
    parser.set_defaults(handler=run)


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
        width = shutil.get_terminal_size((120, 20)).columns
        rows = [("ID", "SEVERITY", "TITLE", "HIPAA", "GDPR")]
        for rule in bundle.rules:
            rows.append((rule.id, rule.severity, rule.title, ", ".join(rule.frameworks.get("hipaa", [])), ", ".join(rule.frameworks.get("gdpr", []))))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            sys.stdout.write((line if sys.stdout.isatty() is False else line[:width]) + "\n")
        sys.stdout.write(f"\n{len(bundle.rules)} rules, policy bundle {bundle.name} {bundle.version}\n")
    return EXIT_OK
