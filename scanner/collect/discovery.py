"""Which subscriptions and workspaces to collect: ARM list calls or Azure Resource Graph."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient, ArmError
from scanner.errors import RuntimeFailure, UsageError

WORKSPACE_TYPE = "microsoft.machinelearningservices/workspaces"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._()-]{1,90}$")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass
class Discovery:
    subscriptions: list[str] = field(default_factory=list)
    workspace_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    workspace_rows: list[dict[str, Any]] = field(default_factory=list)  # resource-graph discovery: full workspace rows


def check_scope(subscriptions: list[str], resource_group: str | None, workspace: str | None) -> None:
    for sub in subscriptions:
        if not _GUID.match(sub):
            raise UsageError(f"--subscription expects a subscription id (a GUID), got {sub!r}")
    for label, value in (("--resource-group", resource_group), ("--workspace", workspace)):
        if value is not None and not _SAFE_NAME.match(value):
            raise UsageError(f"{label}: {value!r} is not a valid Azure resource name")


def list_all_subscriptions(client: ArmClient) -> list[str]:
    try:
        items, _ = client.list_items("/subscriptions", V.SUBSCRIPTIONS)
    except ArmError as exc:
        raise RuntimeFailure(f"cannot list subscriptions: {exc.message}") from None
    return sorted({i["subscriptionId"] for i in items if isinstance(i, dict) and isinstance(i.get("subscriptionId"), str)})


def _matches(resource_id: str, resource_group: str | None, workspace: str | None) -> bool:
    parts = resource_id.split("/")
    if len(parts) < 9:
        return False
    if resource_group and parts[4].lower() != resource_group.lower():
        return False
    return not workspace or parts[8].lower() == workspace.lower()


def discover_arm(client: ArmClient, subscriptions: list[str], resource_group: str | None, workspace: str | None) -> Discovery:
    found = Discovery(subscriptions=list(subscriptions))
    failures = 0
    for sub in subscriptions:
        if resource_group:
            path = f"/subscriptions/{sub}/resourceGroups/{resource_group}/providers/Microsoft.MachineLearningServices/workspaces"
        else:
            path = f"/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/workspaces"
        try:
            items, note = client.list_items(path, V.ML)
        except ArmError as exc:
            failures += 1
            found.warnings.append(f"subscription {sub}: cannot list workspaces ({exc.status}): {exc.message}")
            continue
        if note:
            found.warnings.append(f"subscription {sub}: {note}")
        for item in items:
            rid = item.get("id") if isinstance(item, dict) else None
            if isinstance(rid, str) and _matches(rid, resource_group, workspace):
                found.workspace_ids.append(rid)
    if subscriptions and failures == len(subscriptions):
        raise RuntimeFailure("could not list workspaces in any subscription: " + "; ".join(found.warnings))
    return found


def _graph_query(resource_group: str | None, workspace: str | None) -> str:
    from scanner.collect.graph import RESOURCE_COLUMNS

    query = f"resources | where type =~ '{WORKSPACE_TYPE}'"
    if resource_group:
        query += f" | where resourceGroup =~ '{resource_group}'"
    if workspace:
        query += f" | where name =~ '{workspace}'"
    return query + f" | project {RESOURCE_COLUMNS} | order by id asc"


def discover_resource_graph(
    client: ArmClient, subscriptions: list[str], resource_group: str | None, workspace: str | None, graph: Any = None
) -> Discovery:
    """Workspaces across every subscription in scope, in pages of up to 1000 rows ($skipToken).

    The rows are the full workspaces (ARM GET columns): `Discovery.workspace_rows` keeps them for
    the batched collection, so no per-workspace GET is needed for the workspace itself.
    """
    from scanner.collect.graph import GraphClient, GraphError, arm_shape

    own = graph is None
    graph = graph or GraphClient(client)
    found = Discovery(subscriptions=list(subscriptions))
    try:
        rows = graph.query(_graph_query(resource_group, workspace), subscriptions)
    except GraphError as exc:
        raise RuntimeFailure(str(exc)) from None
    finally:
        if own:
            graph.close()
    found.warnings.extend(graph.warnings)
    graph.warnings.clear()
    ids: dict[str, str] = {}
    for row in rows:
        rid = row.get("id")
        if isinstance(rid, str) and _matches(rid, resource_group, workspace):
            if rid.lower() not in ids:
                ids[rid.lower()] = rid
                found.workspace_rows.append(arm_shape(row))
    found.workspace_ids = list(ids.values())
    if not subscriptions:
        found.subscriptions = sorted({rid.split("/")[2] for rid in found.workspace_ids})
    return found
