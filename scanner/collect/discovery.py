"""Which subscriptions and workspaces to collect: ARM list calls or Azure Resource Graph."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient, ArmError, FatalCollectError
from scanner.errors import RuntimeFailure, UsageError

WORKSPACE_TYPE = "microsoft.machinelearningservices/workspaces"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._()-]{1,90}$")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass
class Discovery:
    subscriptions: list[str] = field(default_factory=list)
    workspace_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
    query = f"resources | where type =~ '{WORKSPACE_TYPE}'"
    if resource_group:
        query += f" | where resourceGroup =~ '{resource_group}'"
    if workspace:
        query += f" | where name =~ '{workspace}'"
    return query + " | project id, name, subscriptionId, resourceGroup | order by id asc"


def discover_resource_graph(
    client: ArmClient, subscriptions: list[str], resource_group: str | None, workspace: str | None
) -> Discovery:
    """Workspaces across every subscription in scope, in pages of up to 1000 rows ($skipToken)."""
    from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ServiceRequestError, ServiceResponseError
    from azure.mgmt.resourcegraph import ResourceGraphClient
    from azure.mgmt.resourcegraph.models import QueryRequest, QueryRequestOptions

    from scanner.collect.arm import build_policies, build_transport

    graph = ResourceGraphClient(
        client.credential,
        base_url=client.settings.endpoint,
        policies=build_policies(client.credential, client.settings),  # policy objects are chained per pipeline: never share them
        transport=build_transport(client.settings),
    )
    found = Discovery(subscriptions=list(subscriptions))
    rows: list[dict[str, Any]] = []
    skip_token: str | None = None
    seen: set[str] = set()
    try:
        for _ in range(1000):
            request = QueryRequest(
                subscriptions=subscriptions or None,
                query=_graph_query(resource_group, workspace),
                options=QueryRequestOptions(result_format="objectArray", top=1000, skip_token=skip_token),
            )
            client.request_count += 1
            response = graph.resources(request)
            data = response.data if isinstance(response.data, list) else []
            rows.extend(row for row in data if isinstance(row, dict))
            skip_token = response.skip_token
            if not skip_token:
                break
            if skip_token in seen:
                found.warnings.append("resource graph: $skipToken cycle; stopped paging")
                break
            seen.add(skip_token)
    except ClientAuthenticationError as exc:
        if exc.response is None:
            raise FatalCollectError(f"sign-in failed: {exc.message}") from None
        raise RuntimeFailure(f"resource graph query refused: {exc.message}") from None
    except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
        raise RuntimeFailure(f"resource graph query failed: {type(exc).__name__}: {getattr(exc, 'message', exc)}") from None
    finally:
        graph.close()
    ids = {}
    for row in rows:
        rid = row.get("id")
        if isinstance(rid, str) and _matches(rid, resource_group, workspace):
            ids.setdefault(rid.lower(), rid)
    found.workspace_ids = list(ids.values())
    if not subscriptions:
        found.subscriptions = sorted({rid.split("/")[2] for rid in found.workspace_ids})
    return found
