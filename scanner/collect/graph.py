"""Azure Resource Graph: paged queries, and the batched index `--discovery resource-graph` fills sections from.

A handful of queries across every subscription in scope replace most per-workspace GETs:

1. `resources` — the workspaces (discovery, full rows).
2. `resources` — the workspaces' tracked children (computes, online and batch endpoints), every
   `microsoft.authorization/locks` and Azure ML registry of the subscriptions in scope, and the
   associated resources by id (storage account, key vault, container registry, Application
   Insights, customer-managed-key vault, and the Cosmos DB account, search service and storage
   account named by the workspace's encryption settings).
3. `resources` — the Log Analytics workspaces those Application Insights components send to.
4. `authorizationresources` — role assignments; then the role definitions they point to (by name).

Rows are projected to the ARM GET fields (id, name, type, location, tags, identity, sku, kind,
properties, ...); Resource Graph lower-cases `type`, which is restored to ARM's casing for the
types read here. Whatever the graph does not return is read with a GET by the caller, so a
missing resource still becomes `not_found` or `forbidden` as in `--discovery arm`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from scanner.collect.arm import ArmClient, FatalCollectError
from scanner.snapshot.model import json_object

# The api-version of the Resource Graph query API (azure-mgmt-resourcegraph's default).
API_VERSION = "2021-03-01"
PAGE_SIZE = 1000
MAX_PAGES = 1000
ID_CHUNK = 200  # ids per `id in~ (...)` clause: keeps a query well under the request size limit
MAX_ID_QUERIES = 5  # beyond this many id-chunk queries, associated resources are asked for by type

WORKSPACE = "Microsoft.MachineLearningServices/workspaces"
CHILD_TYPES = {  # snapshot section -> ARM type of the tracked child resource
    "computes": f"{WORKSPACE}/computes",
    "online_endpoints": f"{WORKSPACE}/onlineEndpoints",
    "batch_endpoints": f"{WORKSPACE}/batchEndpoints",
}
LOCK = "Microsoft.Authorization/locks"
REGISTRY = "Microsoft.MachineLearningServices/registries"
ROLE_ASSIGNMENT = "Microsoft.Authorization/roleAssignments"
ROLE_DEFINITION = "Microsoft.Authorization/roleDefinitions"
# ARM's casing of every type read from the graph (Resource Graph returns types lower-cased).
CANONICAL_TYPES = {
    t.lower(): t
    for t in (
        WORKSPACE, *CHILD_TYPES.values(), LOCK, REGISTRY, ROLE_ASSIGNMENT, ROLE_DEFINITION,
        "Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults", "Microsoft.ContainerRegistry/registries",
        "microsoft.insights/components", "Microsoft.OperationalInsights/workspaces",
        "Microsoft.DocumentDB/databaseAccounts", "Microsoft.Search/searchServices",
    )
}
# The columns of an ARM GET body that the graph holds (absent ones come back null and are dropped).
RESOURCE_COLUMNS = "id, name, type, location, tags, identity, sku, kind, properties, managedBy, zones, extendedLocation, plan"
AUTH_COLUMNS = "id, name, type, properties"


class GraphError(Exception):
    """A Resource Graph query failed (the message says why)."""


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def in_list(values: list[str]) -> str:
    return "(" + ", ".join(_quote(v) for v in values) + ")"


def arm_shape(row: dict[str, Any]) -> dict[str, Any]:
    """A graph row as the ARM GET body: null columns dropped, `type` in ARM's casing."""
    out = {k: v for k, v in row.items() if v is not None}
    if isinstance(out.get("type"), str):
        out["type"] = CANONICAL_TYPES.get(out["type"].lower(), out["type"])
    return out


class GraphClient:
    """ResourceGraphClient (azure-mgmt-resourcegraph) on its own copy of the ARM pipeline policies."""

    def __init__(self, client: ArmClient) -> None:
        from azure.mgmt.resourcegraph import ResourceGraphClient

        from scanner.collect.arm import build_policies, build_transport

        self.client = client
        self._graph = ResourceGraphClient(
            client.credential,
            base_url=client.settings.endpoint,
            policies=build_policies(client.credential, client.settings),  # policy objects are chained per pipeline: never share them
            transport=build_transport(client.settings),
        )
        self.warnings: list[str] = []

    def close(self) -> None:
        self._graph.close()

    def query(self, query: str, subscriptions: list[str] | None) -> list[dict[str, Any]]:
        """Every row of `query`, following `$skipToken` (stops on a cycle). Raises GraphError."""
        from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ServiceRequestError, ServiceResponseError
        from azure.mgmt.resourcegraph.models import QueryRequest, QueryRequestOptions

        rows: list[dict[str, Any]] = []
        skip_token: str | None = None
        seen: set[str] = set()
        try:
            for _ in range(MAX_PAGES):
                if self.client.deadline is not None and time.monotonic() >= self.client.deadline:
                    raise GraphError("resource graph query not sent: the collection's time limit (--max-time) was reached")
                request = QueryRequest(
                    subscriptions=subscriptions or None,
                    query=query,
                    options=QueryRequestOptions(result_format="objectArray", top=PAGE_SIZE, skip_token=skip_token),
                )
                with self.client._lock:
                    self.client.request_count += 1
                response = self._graph.resources(request)
                data: Any = response.data  # objectArray: a list of rows (the SDK types it as an object)
                rows.extend(row for row in (data if isinstance(data, list) else []) if isinstance(row, dict))
                skip_token = response.skip_token
                if not skip_token:
                    break
                if skip_token in seen:
                    self.warnings.append("resource graph: $skipToken cycle; stopped paging")
                    break
                seen.add(skip_token)
        except ClientAuthenticationError as exc:
            if exc.response is None:
                raise FatalCollectError(f"sign-in failed: {exc.message}") from None
            raise GraphError(f"resource graph query refused: {exc.message}") from None
        except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
            raise GraphError(f"resource graph query failed: {type(exc).__name__}: {getattr(exc, 'message', exc)}") from None
        return rows


def _parent_scope(lock_id: str) -> str | None:
    low = lock_id.lower()
    marker = "/providers/microsoft.authorization/locks/"
    at = low.rfind(marker)
    return lock_id[:at] if at > 0 else None


def applies_to(scope: str, resource_id: str) -> bool:
    """True when `scope` is the resource or one of its ancestors (resource group, subscription, ...)."""
    s, r = scope.rstrip("/").lower(), resource_id.rstrip("/").lower()
    return s == r or r.startswith(s + "/") or s == ""


@dataclass
class GraphIndex:
    """What the batched queries returned, keyed by lower-cased ids (see docs/collect.md)."""

    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    children: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)  # workspace -> section -> items
    children_ok: bool = False
    locks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # parent scope -> locks
    locks_ok: bool = False
    role_assignments: list[dict[str, Any]] = field(default_factory=list)
    role_assignment_subscriptions: set[str] = field(default_factory=set)  # subscriptions the graph showed assignments for
    role_definitions: dict[str, dict[str, Any]] = field(default_factory=dict)  # lower-cased definition name (guid) -> body
    registries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # lower-cased subscription -> ML registries
    registry_subscriptions: set[str] = field(default_factory=set)  # subscriptions the registries query covered
    warnings: list[str] = field(default_factory=list)

    def resource(self, resource_id: Any) -> dict[str, Any] | None:
        return self.resources.get(resource_id.lower()) if isinstance(resource_id, str) else None

    def child_items(self, workspace_id: str, section: str) -> list[dict[str, Any]] | None:
        if not self.children_ok:
            return None
        return sorted(self.children.get(workspace_id.lower(), {}).get(section, []), key=lambda r: str(r.get("id", "")).lower())

    def locks_for(self, resource_id: str) -> list[dict[str, Any]] | None:
        if not self.locks_ok:
            return None
        found = [lock for scope, items in self.locks.items() if applies_to(scope, resource_id) for lock in items]
        return sorted(found, key=lambda r: str(r.get("id", "")).lower())

    def has_role_assignments(self, subscription_id: str) -> bool:
        return subscription_id.lower() in self.role_assignment_subscriptions

    def registries_in(self, subscription_id: str) -> list[dict[str, Any]] | None:
        """The Azure ML registries of a subscription (sorted by id), or None when the query did not cover it."""
        if subscription_id.lower() not in self.registry_subscriptions:
            return None
        return sorted(self.registries.get(subscription_id.lower(), []), key=lambda r: str(r.get("id", "")).lower())


def linked_ids(workspace: dict[str, Any]) -> list[str]:
    """Ids of the resources a workspace names: its associated resources, the customer-managed-key
    vault, and the bring-your-own resources of its encryption settings (Cosmos DB, search, storage)."""
    props = workspace.get("properties") or {}
    encryption = json_object(props.get("encryption"))
    cmk = (encryption.get("keyVaultProperties") or {}).get("keyVaultArmId") if isinstance(encryption.get("keyVaultProperties"), dict) else None
    values = (props.get("storageAccount"), props.get("keyVault"), props.get("containerRegistry"), props.get("applicationInsights"), cmk,
              encryption.get("cosmosDbResourceId"), encryption.get("searchAccountResourceId"), encryption.get("storageAccountResourceId"))
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _chunks(values: list[str], size: int) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def build_index(graph: GraphClient, subscriptions: list[str], workspaces: list[dict[str, Any]]) -> GraphIndex:
    """Run the batched queries for `workspaces` (graph rows already in ARM shape). Never raises
    GraphError: a failed query only leaves its part of the index empty (the caller then GETs)."""
    index = GraphIndex()
    ws_ids = {w["id"].lower(): w for w in workspaces if isinstance(w.get("id"), str)}
    for rid, row in ws_ids.items():
        index.resources[rid] = row
    subs = sorted({rid.split("/")[2] for rid in ws_ids}) or subscriptions
    # every subscription of the snapshot: registries and role assignments are read for those without workspaces too
    scope_subs = sorted({s.lower() for s in subs} | {s.lower() for s in subscriptions})

    linked: set[str] = set()
    for row in ws_ids.values():
        for value in linked_ids(row):
            linked.add(value.lower())

    def run(query: str, what: str, where: list[str] | None = None) -> list[dict[str, Any]] | None:
        try:
            return [arm_shape(r) for r in graph.query(query, where or subs)]
        except GraphError as exc:
            index.warnings.append(f"{what}: {exc}; read with per-resource GETs instead")
            return None

    # 2. children, locks and associated resources. A few linked ids are asked for by id; many (more
    # than MAX_ID_QUERIES queries' worth) by type, which pages through every such resource in the
    # subscriptions but keeps the number of queries (Resource Graph has its own per-user quota) low.
    # Associated resources in other subscriptions (a shared registry, say) are asked for too.
    types = [t.lower() for t in CHILD_TYPES.values()] + [LOCK.lower(), REGISTRY.lower()]
    linked_subs = sorted(set(scope_subs) | {rid.split("/")[2].lower() for rid in linked if rid.startswith("/subscriptions/")})
    if len(linked) > ID_CHUNK * MAX_ID_QUERIES:
        linked_types = sorted({rid.split("/providers/")[-1].rsplit("/", 1)[0] for rid in linked if "/providers/" in rid})
        clauses = [f"type in~ {in_list(types + linked_types)}"]
    else:
        clauses = [f"type in~ {in_list(types)}"] + [f"id in~ {in_list(chunk)}" for chunk in _chunks(sorted(linked), ID_CHUNK)]
        if len(clauses) > 1:  # the first query carries the first chunk of ids too
            clauses = [f"{clauses[0]} or {clauses[1]}", *clauses[2:]]
    rows_ok = True
    for number, where in enumerate(clauses):
        rows = run(f"resources | where {where} | project {RESOURCE_COLUMNS} | order by id asc",
                   "resource graph (associated resources)", linked_subs)
        if rows is None:
            rows_ok = rows_ok and number > 0  # children and locks come with the first chunk only
            continue
        for row in rows:
            rid, rtype = str(row.get("id", "")), str(row.get("type", "")).lower()
            if rtype == LOCK.lower():
                parent = _parent_scope(rid)
                if parent is not None:
                    index.locks.setdefault(parent.lower(), []).append(row)
                continue
            if rtype == REGISTRY.lower() and rid.startswith("/subscriptions/"):
                index.registries.setdefault(rid.split("/")[2].lower(), []).append(row)
                continue
            section = next((k for k, t in CHILD_TYPES.items() if t.lower() == rtype), None)
            if section is not None:
                parent = rid.lower().rsplit("/", 2)[0]
                if parent in ws_ids:
                    index.children.setdefault(parent, {}).setdefault(section, []).append(row)
                continue
            if rid.lower() in linked:
                index.resources[rid.lower()] = row
    index.children_ok = index.locks_ok = rows_ok
    if rows_ok:
        index.registry_subscriptions = set(scope_subs)

    # 3. Log Analytics workspaces the Application Insights components send to
    la_ids = set()
    for rid in linked:
        linked_row = index.resources.get(rid) or {}
        la = (linked_row.get("properties") or {}).get("WorkspaceResourceId")
        if isinstance(la, str) and la.strip() and la.lower() not in index.resources:
            la_ids.add(la.strip().lower())
    for chunk in _chunks(sorted(la_ids), ID_CHUNK):
        scope = sorted({rid.split("/")[2] for rid in chunk if rid.startswith("/subscriptions/")}) or subs
        rows = run(f"resources | where id in~ {in_list(chunk)} | project {RESOURCE_COLUMNS}", "resource graph (Log Analytics)", scope)
        for row in rows or []:
            if str(row.get("id", "")).lower() in la_ids:
                index.resources[row["id"].lower()] = row

    # 4. role assignments, then the definitions they use
    rows = run(f"authorizationresources | where type =~ {_quote(ROLE_ASSIGNMENT.lower())} | project {AUTH_COLUMNS}",
               "resource graph (role assignments)", scope_subs)
    if rows is not None:
        index.role_assignments = [r for r in rows if isinstance(r.get("id"), str)]
        for row in index.role_assignments:
            scope = (row.get("properties") or {}).get("scope") or row["id"]
            parts = str(scope).split("/")
            if len(parts) > 2 and parts[1].lower() == "subscriptions":
                index.role_assignment_subscriptions.add(parts[2].lower())
        names = sorted({str((r.get("properties") or {}).get("roleDefinitionId", "")).rsplit("/", 1)[-1].lower()
                        for r in index.role_assignments} - {""})
        for chunk in _chunks(names, ID_CHUNK):
            found = run(f"authorizationresources | where type =~ {_quote(ROLE_DEFINITION.lower())} and name in~ {in_list(chunk)}"
                        f" | project {AUTH_COLUMNS}", "resource graph (role definitions)")
            for row in found or []:
                if isinstance(row.get("name"), str):
                    index.role_definitions.setdefault(row["name"].lower(), row)
    index.warnings.extend(graph.warnings)
    return index
