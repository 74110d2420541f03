"""What every section of report.html shares: the page's data (`Page`) and the status badges."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scanner.evaluate.document import Result, ResultsDocument
from scanner.evaluate.frameworks import Framework
from scanner.gate.attestations import attestation_index
from scanner.report.controls import framework_stats, frameworks_for, results_index, workspace_ids, workspace_name
from scanner.report.html_scope import esc as _e

STATUS_LABEL = {"fail": "fail", "error": "error", "unknown": "unknown", "waived": "waived", "pass": "pass"}


def badge(status: str | None) -> str:
    if status is None:
        return '<span class="badge s-none">n/a</span>'
    return f'<span class="badge s-{_e(status)}">{_e(STATUS_LABEL.get(status, status))}</span>'


def verdict_badge(verdict: str) -> str:
    css = {"n/a": "na"}.get(verdict, verdict.replace(" ", "-"))
    return f'<span class="badge v-{_e(css)}">{_e(verdict)}</span>'


class Page:
    """Everything the sections share: the document, workspace keys, the result index, statistics."""

    def __init__(self, document: ResultsDocument, snapshot: Any, policies_root: Path | None) -> None:
        self.doc = document
        self.results: list[Result] = document["results"]
        self.snapshot = snapshot
        self.workspaces = workspace_ids(document)
        if snapshot is not None:  # workspaces with no result still belong in the scope
            known = {w.lower() for w in self.workspaces}
            extra = [str(w.get("id")) for w in snapshot.workspaces if str(w.get("id", "")).lower() not in known and w.get("id")]
            self.workspaces = sorted(self.workspaces + extra, key=str.lower)
        self.ws_key = {w.lower(): f"w{i}" for i, w in enumerate(self.workspaces)}
        self.ws_number = {w.lower(): i + 1 for i, w in enumerate(self.workspaces)}
        self.index = results_index(self.results)
        self.frameworks: list[Framework] = frameworks_for(document, policies_root)
        # The document's rule entries (RuleEntry), and, for a result whose rule it does not list,
        # what the result says of its rule (html_sections.findings adds those): read as a mapping.
        self.rules: dict[str, Mapping[str, Any]] = {rule["id"]: rule for rule in document.get("rules", [])}
        self.attestations = attestation_index(document)
        self.stats = [framework_stats(fw, self.workspaces, self.index, self.results, self.attestations) for fw in self.frameworks]

    def attrs(self, result: Result) -> str:
        fws = " ".join(sorted(result.get("frameworks") or {}))
        return (
            f'data-f data-fw="{_e(fws)}" data-sev="{_e(result["severity"])}" data-status="{_e(result["status"])}"'
            f' data-ws="{self.ws_key.get(result["workspace_id"].lower(), "")}"'
        )

    def ws_link(self, workspace_id: str) -> str:
        return f'<a href="#{self.ws_key.get(workspace_id.lower(), "")}">{_e(workspace_name(workspace_id))}</a>'
