"""The document one workspace is judged on, the same for every engine: the workspace's snapshot
entry plus the context around it (its subscription's entry, the snapshot's source and tenant).
Rules read it as `input`."""

from __future__ import annotations

from typing import Any


def subscription_index(snapshot: dict[str, Any]) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for subscription in snapshot.get("subscriptions", []):
        index.setdefault(str(subscription.get("subscription_id", "")).lower(), subscription)
    return index


def _subscription_of(entry: dict[str, Any]) -> str:
    workspace_id = entry.get("id", "")
    return workspace_id.split("/")[2].lower() if workspace_id.count("/") >= 2 else ""


def workspace_input(entry: dict[str, Any], snapshot: dict[str, Any], subscriptions: dict[str, Any] | None = None) -> dict[str, Any]:
    """The document one workspace is judged on: its entry plus the context around it."""
    index = subscriptions if subscriptions is not None else subscription_index(snapshot)
    document = dict(entry)
    # Where IaC resources sit in their files is for SARIF, not for rules: it is not handed to the
    # engine (the cost of a workspace grows with its input's size).
    document.pop("source_locations", None)
    document["context"] = {
        "subscription": index.get(_subscription_of(entry)),
        "source": snapshot.get("source", {}),
        "tenant_id": snapshot.get("tenant_id"),
    }
    return document
