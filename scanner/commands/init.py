"""`amlscan init`: write a commented starting `amlscan.yaml` (never over an existing file)."""

from __future__ import annotations

import argparse
import os
import sys

TEMPLATE = """\
# amlscan.yaml: what `amlscan scan --config amlscan.yaml` scans, how it reports and where it records.
# Every section is checked on load; an unknown key or a wrong type is an error naming its path.
# Relative paths are relative to this file. No secrets belong here: sign-in uses managed identity,
# workload identity or the Azure CLI.

# Rule parameters, passed to the policies as data.amlscan.params (see `amlscan rules`).
parameters: {}

# What to scan. Each target is scanned, reported and recorded on its own.
targets:
  # Live: collect through Azure Resource Manager (read-only).
  - name: production
    subscriptions:
      - 00000000-0000-0000-0000-000000000000   # replace with your subscription id
    # resource_group: rg-ml-prod                # only this resource group
    # workspace: mlw-prod                       # only this workspace
    # tags: {environment: production}           # only workspaces with all these tags
    auth: default        # default | cli | managed-identity | workload-identity | service-principal-env | token
    cloud: AzureCloud    # AzureCloud | AzureUSGovernment | AzureChinaCloud
    # discovery: resource-graph                 # find workspaces across subscriptions with Resource Graph
  # Offline: evaluate a snapshot written by `amlscan collect` (no sign-in).
  # - name: nightly-offline
  #   snapshot: snapshots/latest.json

# Where reports go and what fails the gate, for every scan run with this file (a single snapshot or
# template writes to <folder>/, each target to <folder>/<target name>/). A flag given on the
# command line (--format, --output-dir, --fail-on, --[no-]fail-on-unknown) wins over these.
outputs:
  formats: [sarif, html, json]
  folder: reports
  opa_bundle: false      # true: also write the evaluated policies as an OPA bundle (policies.tar.gz)
  fail_on: high          # exit 1 on a failing result at or above: critical | high | medium | low | none
  fail_on_unknown: false

# Every scan is recorded here; `amlscan history` lists scans, `amlscan diff` compares them.
history:
  path: amlscan-history.db
  export: none           # jsonl: also write results.jsonl for Log Analytics / Azure Data Explorer

# Attestations for manual controls (reviewer, evidence link, expiry): docs/reports.md.
# attestations: attestations.yaml
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("init", help="write a commented starting amlscan.yaml", description="Write a commented starting configuration file. An existing file is never overwritten.")
    parser.add_argument("path", nargs="?", default="amlscan.yaml", metavar="FILE", help="file to write (default: amlscan.yaml)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from scanner.errors import UsageError

    try:
        # O_EXCL: refuse atomically, even if another process creates the file at the same moment.
        fd = os.open(args.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UsageError(f"{args.path}: already exists; not overwritten (remove it or choose another path)") from None
    except OSError as exc:
        raise UsageError(f"{args.path}: cannot create: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(TEMPLATE)
    print(f"amlscan: wrote {args.path}; edit targets, then run `amlscan scan --config {args.path}`", file=sys.stderr)
    return 0
