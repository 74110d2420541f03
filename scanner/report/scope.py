"""What a scan covered and when, in the words every report uses.

Live (and fixture) snapshots carry the time they were collected. Infrastructure code carries no
such time (its snapshots hold a fixed placeholder so reports stay byte-identical), so a template,
what-if or plan scan is dated by an input instead, recorded in `document["scan"]`:

- `--as-of YYYY-MM-DD` when given (CI recipes pass the run's date);
- else a Terraform plan's own `timestamp` (written by `terraform show -json` since Terraform 1.5);
- else no date, and the reports say so rather than print the placeholder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scanner.evaluate.document import ResultsDocument, ScanFacts
from scanner.snapshot.load import Snapshot

IAC_KINDS = ("arm-template", "arm-what-if", "terraform-plan")
KIND_WORDS = {"arm-template": "ARM template", "arm-what-if": "what-if result", "terraform-plan": "Terraform plan"}


def is_iac(document: ResultsDocument) -> bool:
    return str((document["snapshot"].get("source") or {}).get("kind")) in IAC_KINDS


def _plan_timestamp(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    stamp = data.get("timestamp") if isinstance(data, dict) else None
    return stamp if isinstance(stamp, str) and len(stamp) >= 10 else None


def iac_scan_facts(snapshot: Snapshot, as_of: str | None) -> ScanFacts:
    """`document["scan"]` for an infrastructure-code scan: the files scanned and the scan's date."""
    from scanner.report.locations import artifact_uri

    files = sorted({artifact_uri(str(loc.get("file"))) for entry in snapshot.workspaces for loc in (entry.get("source_locations") or {}).values() if loc.get("file")})
    kind = str((snapshot.data.get("source") or {}).get("kind"))
    facts: ScanFacts = {"input": artifact_uri(snapshot.path), "kind": kind, "files": files}
    if as_of:
        facts.update({"date": as_of, "date_source": "--as-of"})
    elif kind == "terraform-plan" and Path(snapshot.path).is_file():
        stamp = _plan_timestamp(snapshot.path)
        if stamp:
            facts.update({"date": stamp, "date_source": "the plan's timestamp"})
    return facts


def scan_date(document: ResultsDocument) -> str:
    """The date line of a report: when the evidence was collected, or when the code was scanned."""
    if is_iac(document):
        scan = document.get("scan") or {}
        if scan.get("date"):
            return f"scanned {scan['date']} ({scan.get('date_source')})"
        return "scan date not given (infrastructure code carries none: pass --as-of YYYY-MM-DD)"
    return f"collected {document['snapshot'].get('collected_at') or 'at an unknown time'}"


def scanned_what(document: ResultsDocument) -> str:
    """One phrase for what was scanned: the templates, or the snapshot."""
    if is_iac(document):
        scan: Mapping[str, Any] = document.get("scan") or {}
        kind = KIND_WORDS.get(str((document["snapshot"].get("source") or {}).get("kind")), "infrastructure code")
        files = scan.get("files") or [document["snapshot"].get("path")]
        return f"{kind} {', '.join(str(f) for f in files)}" if len(files) <= 3 else f"{len(files)} infrastructure-code files under {document['snapshot'].get('path')}"
    return f"snapshot {document['snapshot'].get('path')}"


def subscriptions(document: ResultsDocument, workspaces: list[str]) -> list[str]:
    found = {w.split("/")[2].lower() for w in workspaces if w.lower().startswith("/subscriptions/") and w.count("/") >= 2}
    scope = (document["snapshot"].get("source") or {}).get("scope")
    if isinstance(scope, list):
        found |= {str(s).split("/")[2].lower() for s in scope if str(s).lower().startswith("/subscriptions/") and str(s).count("/") >= 2}
    return sorted(found)
