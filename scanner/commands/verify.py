"""`amlscan verify`: check an evidence bundle: every file against manifest.json, the inputs
against results.json, and the Ed25519 signature of the manifest when --key is given.

Prints every problem, then a summary (the signature's status and the verdict); `--verbose` adds
one line per file and check that matched, `--quiet` leaves only the problems."""

from __future__ import annotations

import argparse
import sys

from scanner.errors import EXIT_GATE_FAILED, EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "verify",
        help="check an evidence bundle's hashes and signature",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit codes: 0 everything matches; 1 something does not match (each named on stderr); 2 not a bundle, unreadable key",
    )
    parser.add_argument("bundle", metavar="BUNDLE.zip", help="bundle written by `amlscan export` or `amlscan scan --bundle`")
    parser.add_argument("--key", metavar="PUB", help="Ed25519 public key (PEM) the manifest must be signed with")
    detail = parser.add_mutually_exclusive_group()
    detail.add_argument("--verbose", action="store_true", help="also list every file and check that matched")
    detail.add_argument("--quiet", action="store_true", help="print only what does not match")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from scanner.report.evidence_verify import report_lines, verify_evidence

    checks = verify_evidence(args.bundle, args.key)
    mode = "verbose" if args.verbose else "quiet" if args.quiet else "summary"
    for line in report_lines(checks, args.bundle, mode):
        print(f"amlscan verify: {line}", file=sys.stderr)
    return EXIT_GATE_FAILED if any(not c.ok for c in checks) else EXIT_OK
