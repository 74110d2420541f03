"""`amlscan opa-bundle` (formerly `amlscan bundle`, still accepted with a deprecation warning):
the policies as a standard OPA bundle, policies.tar.gz (scanner/evaluate/opa_bundle.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scanner.errors import EXIT_OK

# The old name, kept working for CI scripts that call it (scanner/cli.py warns when it is used).
DEPRECATED_ALIAS = "bundle"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "opa-bundle",
        aliases=[DEPRECATED_ALIAS],
        help="build an OPA bundle (policies.tar.gz) of the policies",
        description="Build a standard OPA bundle: .manifest (revision, roots), the Rego policies and data.json with the parameters under amlscan.params.",
        epilog=f"`amlscan {DEPRECATED_ALIAS}` is a deprecated alias of this command.",
    )
    parser.add_argument("--output", "-o", default="policies.tar.gz", metavar="FILE", help="bundle file to write (default: policies.tar.gz)")
    parser.add_argument("--config", metavar="amlscan.yaml", help="configuration file whose parameters go into data.json")
    parser.add_argument("--policies", metavar="DIR", help="policies folder (default: the bundled policies/)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from scanner.config import load_config, policy_parameters
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.opa_bundle import write_opa_bundle

    bundle = load_bundle(Path(args.policies) if args.policies else None)
    written = write_opa_bundle(bundle, policy_parameters(load_config(args.config)), args.output)
    print(f"amlscan: wrote {written} ({bundle.name} {bundle.version}, {len(bundle.rules)} rules)", file=sys.stderr)
    return EXIT_OK
