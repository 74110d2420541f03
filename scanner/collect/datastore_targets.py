"""The storage accounts a workspace's datastores point at, resolved to ARM ids.

A blob, Data Lake Gen2 or file datastore names its account (`properties.accountName`) and, when it
was created with them, `subscriptionId` and `resourceGroup`. The account's id is, in that order:

1. `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Storage/storageAccounts/{accountName}`;
2. the workspace's own storage account when the names match (the default datastores);
3. a storage account of that name in the workspace's subscription, from the graph index (by-type
   mode) or from `GET /subscriptions/{id}/providers/Microsoft.Storage/storageAccounts`, read once per
   subscription (storage account names are globally unique, so a name matches at most one).

A name that none of these resolves stays unresolved (`storage_account_id: null`): rules report
unknown for it, nothing is guessed. Data Lake Gen1 and OneLake datastores do not point at a storage
account and are listed with `storage_account_id: null` and a note.
"""

from __future__ import annotations

from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient, ArmError
from scanner.collect.sections import Cache, dependent_failure
from scanner.snapshot.model import Section, json_object
from scanner.snapshot.shapes import BLOB_TYPES, STORAGE_TYPE, STORAGE_TYPES, storage_id


def _subscription_accounts(client: ArmClient, cache: Cache, subscription: str) -> dict[str, str] | ArmError:
    """Lower-cased account name -> id of every storage account the identity can list in the subscription."""

    def fetch() -> dict[str, str] | ArmError:
        try:
            items, _ = client.list_items(f"/subscriptions/{subscription}/providers/{STORAGE_TYPE}", V.STORAGE)
        except ArmError as exc:
            return exc
        return {str(i["name"]).lower(): i["id"] for i in items
                if isinstance(i, dict) and isinstance(i.get("name"), str) and isinstance(i.get("id"), str)}

    return cache.get("storage-list:" + subscription, fetch)


def _by_name_in_graph(graph: Any, name: str, subscription: str) -> str | None:
    if graph is None:
        return None
    for rid, row in graph.resources.items():
        if (str(row.get("type", "")).lower() == STORAGE_TYPE.lower() and str(row.get("name", "")).lower() == name.lower()
                and rid.split("/")[2] == subscription.lower()):
            return str(row["id"])
    return None


def _target(client: ArmClient, cache: Cache, graph: Any, datastore: dict[str, Any], workspace_id: str,
            workspace_storage: str | None) -> dict[str, Any]:
    props = json_object(datastore.get("properties"))
    kind = str(props.get("datastoreType") or "")
    item: dict[str, Any] = {"datastore": datastore.get("name"), "datastore_id": datastore.get("id"), "datastore_type": kind or None,
                            "account_name": props.get("accountName"), "storage_account_id": None, "resolved_by": None}
    name = props.get("accountName")
    if kind.lower() not in STORAGE_TYPES:
        item["note"] = "not a storage account datastore"
        return item
    if not isinstance(name, str) or not name.strip():
        item["note"] = "the datastore names no storage account"
        return item
    name = name.strip()
    sub, rg = props.get("subscriptionId"), props.get("resourceGroup")
    if isinstance(sub, str) and sub.strip() and isinstance(rg, str) and rg.strip():
        item.update(storage_account_id=storage_id(sub.strip(), rg.strip(), name), resolved_by="datastore subscriptionId and resourceGroup")
        return item
    if workspace_storage and workspace_storage.rstrip("/").rsplit("/", 1)[-1].lower() == name.lower():
        item.update(storage_account_id=workspace_storage, resolved_by="the workspace's storage account")
        return item
    ws_sub = workspace_id.split("/")[2]
    found = _by_name_in_graph(graph, name, ws_sub)
    if found:
        item.update(storage_account_id=found, resolved_by="Resource Graph: storage account of that name in the workspace's subscription")
        return item
    listed = _subscription_accounts(client, cache, ws_sub)
    if isinstance(listed, ArmError):
        item["note"] = f"the workspace's subscription's storage accounts could not be listed ({listed.status}): {listed.message}"
    elif name.lower() in listed:
        item.update(storage_account_id=listed[name.lower()], resolved_by="storage account of that name in the workspace's subscription")
    else:
        item["note"] = "no storage account of that name in the workspace's subscription (and the datastore names none)"
    return item


def datastore_targets_section(client: ArmClient, cache: Cache, graph: Any, datastores: Section, workspace_id: str,
                              workspace_storage: str | None) -> Section:
    """One item per datastore: `{datastore, datastore_id, datastore_type, account_name,
    storage_account_id, resolved_by, note?}`; sorted by datastore name."""
    if datastores.get("status") != "ok":
        return dependent_failure(datastores, "datastores could not be read", V.ML)
    items = [_target(client, cache, graph, d, workspace_id, workspace_storage)
             for d in datastores.get("items", []) if isinstance(d, dict)]
    items.sort(key=lambda i: (str(i.get("datastore") or ""), str(i.get("datastore_id") or "")))
    return {"status": "ok", "api_version": datastores.get("api_version"), "items": items,
            "message": "derived from the datastores section: the storage account each datastore points at"}


def accounts(targets: Section) -> dict[str, dict[str, Any]]:
    """Lower-cased storage account id -> {id, datastores (names), blob (a blob or ADLS Gen2 datastore points at it)}."""
    out: dict[str, dict[str, Any]] = {}
    for item in targets.get("items", []) if targets.get("status") == "ok" else []:
        rid = item.get("storage_account_id")
        if not isinstance(rid, str):
            continue
        entry = out.setdefault(rid.lower(), {"id": rid, "datastores": [], "blob": False})
        if item.get("datastore"):
            entry["datastores"].append(item["datastore"])
        entry["blob"] = entry["blob"] or str(item.get("datastore_type") or "").lower() in BLOB_TYPES
    for entry in out.values():
        entry["datastores"] = sorted(set(entry["datastores"]))
    return out
