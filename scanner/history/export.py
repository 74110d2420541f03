"""JSON Lines export of recorded results, for Log Analytics (custom table) or Azure Data Explorer.

One line per result, flat, with the column names and types of `TABLE_SCHEMA` (documented in
docs/history.md). `dynamic` columns hold JSON objects or arrays.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from scanner.fileio import atomic_write_text
from scanner.history.store import HistoryStore, ScanRecord, StoredResult

TABLE_NAME = "AmlscanResults_CL"

# (column, Kusto type, meaning)
TABLE_SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("TimeGenerated", "datetime", "when the scan was recorded (UTC)"),
    ("CollectedAt", "datetime", "when the snapshot was collected (snapshot collected_at)"),
    ("ScanId", "string", "unique id of the scan (UUID)"),
    ("ScanNumber", "long", "number of the scan in its history database"),
    ("ScopeKey", "string", "hash identifying the scanned scope; equal for repeated scans of one scope"),
    ("Scope", "dynamic", "the scope: {target}, {scope: [ARM scopes]} or {workspaces: [ids]}"),
    ("Target", "string", "name of the configured target, empty for a single snapshot"),
    ("TenantId", "string", "Microsoft Entra tenant of the snapshot"),
    ("ScannerVersion", "string", "amlscan version"),
    ("PolicyBundle", "string", "policy bundle name"),
    ("PolicyVersion", "string", "policy bundle version"),
    ("PolicySha256", "string", "hash of the policy files"),
    ("SnapshotSha256", "string", "hash of the snapshot file"),
    ("Engine", "string", "embedded or opa"),
    ("RuleId", "string", "rule id, e.g. AML-NET-001"),
    ("Title", "string", "rule title"),
    ("Severity", "string", "critical, high, medium or low"),
    ("Status", "string", "fail, error, unknown, waived or pass"),
    ("ResourceId", "string", "ARM id of the judged resource"),
    ("ResourceType", "string", "ARM type of the judged resource"),
    ("WorkspaceId", "string", "ARM id of the Azure Machine Learning workspace"),
    ("SubscriptionId", "string", "subscription of the workspace"),
    ("FindingKey", "string", "rule|resource|workspace (lower case): the same finding across scans"),
    ("Message", "string", "the verdict in words"),
    ("Frameworks", "dynamic", "framework -> control ids, e.g. {hipaa: [164.312(e)(1)]}"),
    ("Evidence", "dynamic", "list of {path, found, expected}"),
)


def _subscription(workspace_id: str) -> str:
    parts = workspace_id.split("/")
    return parts[2].lower() if len(parts) > 2 and parts[1].lower() == "subscriptions" else ""


def rows(scan: ScanRecord, results: Iterable[StoredResult], tenant_id: str | None = None) -> Iterator[dict[str, Any]]:
    for result in results:
        yield {
            "TimeGenerated": scan.recorded_at,
            "CollectedAt": scan.collected_at,
            "ScanId": scan.scan_id,
            "ScanNumber": scan.id,
            "ScopeKey": scan.scope_key,
            "Scope": scan.scope,
            "Target": scan.target or "",
            "TenantId": tenant_id or "",
            "ScannerVersion": scan.scanner_version,
            "PolicyBundle": scan.policy_name,
            "PolicyVersion": scan.policy_version,
            "PolicySha256": scan.policy_sha256,
            "SnapshotSha256": scan.snapshot_sha256,
            "Engine": scan.engine,
            "RuleId": result["rule_id"],
            "Title": result["title"],
            "Severity": result["severity"],
            "Status": result["status"],
            "ResourceId": result["resource_id"],
            "ResourceType": result["resource_type"],
            "WorkspaceId": result["workspace_id"],
            "SubscriptionId": _subscription(str(result["workspace_id"])),
            "FindingKey": result.get("finding_key") or f"{result['rule_id']}|{result['resource_id'].lower()}|{result['workspace_id'].lower()}",
            "Message": result["message"],
            "Frameworks": result.get("frameworks", {}),
            "Evidence": result.get("evidence", []),
        }


def export_jsonl(store: HistoryStore, scans: list[ScanRecord], output: str | Path) -> int:
    """Write every result of `scans` (oldest first) to `output`; returns the number of lines."""
    lines: list[str] = []
    for scan in sorted(scans, key=lambda s: s.id):
        snapshot = store.snapshot(scan.id) or {}
        for row in rows(scan, store.results(scan.id), snapshot.get("tenant_id")):
            lines.append(json.dumps(row, sort_keys=False, ensure_ascii=False, separators=(",", ":")))
    atomic_write_text(output, "".join(line + "\n" for line in lines))
    return len(lines)


def kusto_create_table() -> str:
    """`.create table` command for Azure Data Explorer, matching the export."""
    columns = ", ".join(f"{name}: {kind}" for name, kind, _ in TABLE_SCHEMA)
    return f".create-merge table {TABLE_NAME.removesuffix('_CL')} ({columns})"
