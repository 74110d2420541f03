"""`amlscan export`: pack a scan's evidence into one zip an auditor can file and verify.

Input is a saved `results.json` (default `reports/results.json`) plus the exact inputs it was
produced from: the snapshot (default: the path recorded in results.json), the policies folder
(default: the bundled policies), the configuration and the attestation file (default: the paths
recorded in results.json).
Each is checked against the sha256 in results.json before packing, so the bundle cannot mix
inputs from different scans. Nothing is re-evaluated: the reports are rendered from results.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scanner.errors import EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "export",
        help="pack reports, snapshot, policies and configuration into a verifiable evidence bundle (.zip)",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit codes: 0 bundle written; 2 usage or input error (wrong snapshot, policies or configuration for these results, newer results schema)",
    )
    parser.add_argument("results", nargs="?", default="reports/results.json", metavar="RESULTS.json", help="results file written by `amlscan scan` (default: reports/results.json)")
    parser.add_argument("--output", metavar="ZIP", help="bundle file to write (default: audit-YYYY-MM-DD.zip from the snapshot's collection date)")
    parser.add_argument("--snapshot", metavar="SNAPSHOT.json", help="the snapshot scanned (default: the path recorded in results.json)")
    parser.add_argument("--policies", metavar="DIR", help="the policies folder used (default: the bundled policies/)")
    parser.add_argument("--config", metavar="amlscan.yaml", help="the configuration used (default: the path recorded in results.json)")
    parser.add_argument("--attestations", metavar="FILE", help="the attestation file used (default: the path recorded in results.json)")
    parser.add_argument("--sign", metavar="KEY", help="Ed25519 private key (PEM, unencrypted) to sign manifest.json with")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from scanner.evaluate.catalog import default_policies_dir
    from scanner.report.evidence import EvidenceInputs, default_evidence_name, load_results, write_evidence
    from scanner.snapshot.load import load_snapshot

    document, raw = load_results(args.results)
    snapshot = load_snapshot(args.snapshot or document["snapshot"]["path"])
    policies = Path(args.policies) if args.policies else default_policies_dir()
    config = args.config or (document.get("configuration") or {}).get("path")
    output = args.output or default_evidence_name(document)
    written = write_evidence(output, EvidenceInputs(document, snapshot, policies, config, results_bytes=raw, attestations_path=args.attestations), sign_key=args.sign)
    if not args.quiet:
        print(f"amlscan: wrote {written}" + (" (signed)" if args.sign else ""), file=sys.stderr)
    return EXIT_OK
