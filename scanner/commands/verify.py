"""`amlscan verify`: check an evidence bundle: every file against manifest.json, the inputs
against results.json, and the Ed25519 signature of the manifest when --key is given."""

from __future__ import annotations

import argparse
import sys

from scanner.errors import EXIT_GATE_FAILED, EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "verify",
        help="check an evidence bundle's hashes and signature",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit codes: 0 everything matches; 1 something does not match (each named on stderr); 2 not a bundle, unreadable key",
    )
    parser.add_argument("bundle", metavar="BUNDLE.zip", help="bundle written by `amlscan export` or `amlscan scan --bundle`")
    parser.add_argument("--key", metavar="PUB", help="Ed25519 public key (PEM) the manifest must be signed with")
    parser.add_argument("--quiet", action="store_true", help="print only what does not match")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from scanner.report.bundle import verify_bundle

    checks = verify_bundle(args.bundle, args.key)
    bad = [c for c in checks if not c.ok]
    for check in checks:
        if not check.ok or not args.quiet:
            print(f"amlscan verify: {'ok      ' if check.ok else 'MISMATCH'} {check.subject}: {check.detail}", file=sys.stderr)
    if bad:
        print(f"amlscan verify: {args.bundle}: FAILED: {len(bad)} problem(s): {', '.join(c.subject for c in bad)}", file=sys.stderr)
        return EXIT_GATE_FAILED
    if not args.quiet:
        print(f"amlscan verify: {args.bundle}: OK ({len(checks)} checks)", file=sys.stderr)
    return EXIT_OK
