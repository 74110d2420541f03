"""The document one workspace is judged on, the same for every engine: the workspace's snapshot
entry plus the context around it (its subscription's entry, the snapshot's source and tenant).
Rules read it as `input`."""

from __future__ import annotations

from typing import cast

from scanner.snapshot.model import SnapshotData, SubscriptionEntry, WorkspaceEntry, WorkspaceInput


def subscription_index(snapshot: SnapshotData) -> dict[str, SubscriptionEntry]:
    """The snapshot's subscription entries by lower-cased subscription id (the first of duplicates)."""
    index: dict[str, SubscriptionEntry] = {}
    for subscription in snapshot.get("subscriptions", []):
        index.setdefault(str(subscription.get("subscription_id", "")).lower(), subscription)
    return index


def _subscription_of(entry: WorkspaceEntry) -> str:
    workspace_id = entry.get("id", "")
    return workspace_id.split("/")[2].lower() if workspace_id.count("/") >= 2 else ""


def workspace_input(entry: WorkspaceEntry, snapshot: SnapshotData, subscriptions: dict[str, SubscriptionEntry] | None = None) -> WorkspaceInput:
    """The document one workspace is judged on: its entry plus the context around it."""
    index = subscriptions if subscriptions is not None else subscription_index(snapshot)
    document = cast(WorkspaceInput, dict(entry))  # a copy, to which the context is added below
    # Where IaC resources sit in their files is for SARIF, not for rules: it is not handed to the
    # engine (the cost of a workspace grows with its input's size).
    document.pop("source_locations", None)
    document["context"] = {
        "subscription": index.get(_subscription_of(entry)),
        "source": snapshot.get("source", {}),
        "tenant_id": snapshot.get("tenant_id"),
    }
    return document
