"""A loopback HTTPS Resource Manager that replays authored recordings, with fault injection.

Routes are keyed by (method, lower-cased path, $skiptoken). Generic routes answer every
diagnostic-settings, locks and role-assignments list by suffix. Every request is logged (method,
path, query, time, workspace it belongs to) for the read-only and request-budget assertions.
"""

from __future__ import annotations

import functools
import json
import math
import re
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.collect.throttle import TokenBuckets  # the benchmark imports it from here

RECORDINGS = Path(__file__).parent / "recordings"
TENANT = "7e3b0c1d-2a4f-4b6e-9c8d-0f1e2a3b4c5d"
SUB_MAIN = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a01"
SUB_OTHER = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a02"
LAW_RG = "rg-monitoring"
LAW = "law-central"
LAKE_RG = "rg-data"  # a data lake every workspace's lake_patients datastore points at
LAKE = "stdatalakeshared"
REGISTRY_RG = "rg-ml-shared"  # ml_registries.json: one Azure ML registry per subscription
REGISTRY = "mlreg-clinical"
SET_DEFINITION = "aml-guardrails"  # the custom initiative assigned at each subscription
CUSTOM_DEFINITION = "deny-cosmos-public-access"
BUILTIN_DEFINITIONS = ("438c38d2-3772-465a-a9cc-7a6666a275ce", "ba769a63-b8cc-4b2d-abf6-ac33c7204be8",
                       "e56962a6-4747-49cd-b67b-bf8b01975c4c", "12e5dd16-d201-47ff-849b-8454061c293d")
UNFILTERED = "(no $filter)"  # route key slot of a list's answer without $filter (else the $skiptoken)


@dataclass
class Workspace:
    sub: str
    rg: str
    ws: str
    st: str
    kv: str
    acr: str
    appi: str

    @property
    def id(self) -> str:
        return f"/subscriptions/{self.sub}/resourceGroups/{self.rg}/providers/Microsoft.MachineLearningServices/workspaces/{self.ws}"

    def res(self, provider: str, name: str) -> str:
        return f"/subscriptions/{self.sub}/resourceGroups/{self.rg}/providers/{provider}/{name}"

    @property
    def storage_id(self) -> str:
        return self.res("Microsoft.Storage/storageAccounts", self.st)

    @property
    def kv_id(self) -> str:
        return self.res("Microsoft.KeyVault/vaults", self.kv)

    @property
    def byo_ids(self) -> dict[str, str]:
        """The resources the workspace's encryption settings name (workspace.json): recording -> id."""
        return {"cosmos_db_account.json": self.res("Microsoft.DocumentDB/databaseAccounts", f"{self.ws}-cosmos"),
                "search_service.json": self.res("Microsoft.Search/searchServices", f"{self.ws}-srch"),
                "storage_account.json": self.res("Microsoft.Storage/storageAccounts", f"{self.st}byo")}

    @property
    def owned_names(self) -> tuple[str, ...]:
        # (the Cosmos DB account, search service and bring-your-own storage account start with these names)
        return tuple(n.lower() for n in (self.ws, self.st, self.kv, self.acr, self.appi))


@dataclass
class Response:
    status: int = 200
    body: Any = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0  # seconds between the bytes of the body (a server that never lets a read time out)


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    at: float
    owner: str
    authorization: str | None
    throttled: bool = False


@functools.cache
def _recording(name: str) -> str:
    return (RECORDINGS / name).read_text("utf-8")


def render(name: str, values: dict[str, str]) -> Any:
    """A recording with its placeholders filled; its top-level "$comment" (where the shape comes
    from) is not part of the response and is dropped."""
    text = _recording(name)
    for key in sorted(values, key=len, reverse=True):
        text = text.replace("${" + key + "}", values[key])
    assert "${" not in text, f"unfilled placeholder in {name}: {text[text.index('${'):][:30]}"
    body = json.loads(text)
    if isinstance(body, dict):
        body.pop("$comment", None)
    return body


class ReplayTenant:
    """The recorded tenant: subscriptions, workspaces, routes and faults."""

    def __init__(self, workspaces: list[Workspace]) -> None:
        self.workspaces = workspaces
        self.base = ""  # set when the server starts
        self.routes: dict[tuple[str, str, str], list[Response]] = {}
        self.hits: dict[tuple[str, str, str], int] = {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.graph_page_rows = 1000  # rows per Resource Graph page (tests lower it to exercise $skipToken)
        self.graph_queries: list[tuple[str, str]] = []  # (query, $skipToken) of every Resource Graph POST
        self._graph_tables: dict[str, list[dict[str, Any]]] | None = None
        self._by_path: dict[str, list[list[Response]]] | None = None  # GET routes by path (built on first graph query)
        self.extra_graph_ids: list[str] = []  # more resources Resource Graph holds (tests that add routes)
        self.latency = 0.0  # added to every response (benchmark)
        self.throttle: TokenBuckets | None = None  # ARM throttling model (benchmark)

    # --- building -------------------------------------------------------------------------
    def values(self, w: Workspace | None = None, sub: str | None = None, **extra: str) -> dict[str, str]:
        values = {"BASE": self.base, "TENANT": TENANT, "LAW": LAW, "LAW_RG": LAW_RG, "LAKE": LAKE, "LAKE_RG": LAKE_RG}
        if w:
            values.update(SUB=w.sub, RG=w.rg, WS=w.ws, ST=w.st, KV=w.kv, ACR=w.acr, APPI=w.appi)
        if sub:
            values["SUB"] = sub
        values["SUB_LABEL"] = values.get("SUB", "")[-4:]
        values.update(extra)
        return values

    def add(self, path: str, *responses: Response, method: str = "GET", skiptoken: str = "") -> None:
        self.routes[(method, path.lower(), skiptoken)] = list(responses)

    def ok(self, path: str, recording: str, values: dict[str, str], skiptoken: str = "") -> None:
        self.add(path, Response(body=render(recording, values)), skiptoken=skiptoken)

    def build(self) -> None:
        subs = sorted({w.sub for w in self.workspaces})
        self.add("/subscriptions", Response(body={"value": [render("subscription.json", self.values(sub=s)) for s in subs]}))
        for sub in subs:
            members = [w for w in self.workspaces if w.sub == sub]
            v = self.values(sub=sub)
            self.ok(f"/subscriptions/{sub}", "subscription.json", v)
            self.add(f"/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/workspaces",
                     Response(body={"value": [render("workspace.json", self.values(w)) for w in members]}))
            for rg in sorted({w.rg for w in members}):
                self.add(f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces",
                         Response(body={"value": [render("workspace.json", self.values(w)) for w in members if w.rg == rg]}))
            self.ok(f"/subscriptions/{sub}/providers/Microsoft.Insights/activityLogAlerts", "activity_log_alerts.json", v)
            first = members[0]
            self.ok(f"/subscriptions/{sub}/providers/Microsoft.Insights/metricAlerts", "metric_alerts.json",
                    self.values(first, WS_ALERT=first.ws, WS_ALERT_ID=first.id))
            for guid in ("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "b24988ac-6180-42a0-ab88-20f7382dd24c", "5f0c7e2a-9d1b-4c3e-8a6f-2b4d6e8f0a1c"):
                self.ok(f"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}", f"role_definition_{guid}.json", v)
            law = f"/subscriptions/{sub}/resourceGroups/{LAW_RG}/providers/Microsoft.OperationalInsights/workspaces/{LAW}"
            self.ok(law, "log_analytics_workspace.json", v)
            self.ok(f"/subscriptions/{sub}/providers/Microsoft.Security/pricings", "defender_pricings.json", v)
            self.ok(f"/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/registries", "ml_registries.json", v)
            self.ok(f"/subscriptions/{sub}/providers/Microsoft.Authorization/policySetDefinitions/{SET_DEFINITION}",
                    f"policy_set_definition_{SET_DEFINITION}.json", v)
            self.ok(f"/subscriptions/{sub}/providers/Microsoft.Authorization/policyDefinitions/{CUSTOM_DEFINITION}",
                    f"policy_definition_custom_{CUSTOM_DEFINITION}.json", v)
            lake = self.values(first, ST=LAKE, RG=LAKE_RG)
            self.ok(f"/subscriptions/{sub}/resourceGroups/{LAKE_RG}/providers/Microsoft.Storage/storageAccounts/{LAKE}", "storage_account.json", lake)
        for guid in BUILTIN_DEFINITIONS:
            self.ok(f"/providers/Microsoft.Authorization/policyDefinitions/{guid}", f"policy_definition_{guid}.json", {})
        for w in self.workspaces:
            v = self.values(w)
            ws = w.id
            self.ok(ws, "workspace.json", v)
            self.ok(f"{ws}/computes", "computes_page1.json", v)
            self.ok(f"{ws}/computes", "computes_page2.json", v, skiptoken="page2")
            for child, rec in (("datastores", "datastores.json"), ("onlineEndpoints", "online_endpoints.json"),
                               ("batchEndpoints", "batch_endpoints.json"), ("connections", "connections.json"),
                               ("privateEndpointConnections", "private_endpoint_connections.json"),
                               ("outboundRules", "outbound_rules.json")):
                self.ok(f"{ws}/{child}", rec, v)
            self.ok(w.storage_id, "storage_account.json", v)
            self.ok(f"{w.storage_id}/blobServices/default", "blob_service.json", v)
            self.ok(w.kv_id, "key_vault.json", v)
            self.ok(w.res("Microsoft.ContainerRegistry/registries", w.acr), "container_registry.json", v)
            self.ok(w.res("microsoft.insights/components", w.appi), "application_insights.json", v)
            for recording, rid in w.byo_ids.items():
                self.ok(rid, recording, self.values(w, ST=f"{w.st}byo") if recording == "storage_account.json" else v)
            self.ok(f"{w.kv_id}/keys/cmk", "cmk_key.json", v)
            self.ok(f"{w.kv_id}/keys", "key_vault_keys.json", v)
            self.ok(f"{w.kv_id}/secrets", "key_vault_secrets.json", v)
        self.policy_assignments(subs)

    def policy_assignments(self, subs: list[str]) -> None:
        """As ARM answers them: a scope's `$filter=atScope()` list holds the subscription's own
        assignments plus those below it whose scope is the scope or an ancestor; the subscription's
        unfiltered list holds every one. Those below (policy_assignments_scoped.json) are made for
        the first workspace: its resource group, the workspace, its storage account."""
        scoped = render("policy_assignments_scoped.json", self.values(self.workspaces[0]))["value"]
        own = {sub: render("policy_assignments.json", self.values(sub=sub))["value"] for sub in subs}
        for sub in subs:
            path = f"/subscriptions/{sub}/providers/Microsoft.Authorization/policyAssignments"
            self.add(path, Response(body={"value": own[sub]}))
            below = [a for a in scoped if a["id"].lower().startswith(f"/subscriptions/{sub}/".lower())]
            self.add(path, Response(body={"value": own[sub] + below}), skiptoken=UNFILTERED)
        for w in self.workspaces:
            applies = [a for a in scoped if (w.id.lower() + "/").startswith(a["properties"]["scope"].lower() + "/")]
            self.add(f"{w.id}/providers/Microsoft.Authorization/policyAssignments", Response(body={"value": own[w.sub] + applies}))

    # --- serving --------------------------------------------------------------------------
    def owner(self, path: str) -> str:
        low = path.lower()
        for w in self.workspaces:
            if any(f"/{name}" in low for name in w.owned_names):
                return w.ws
        return "shared"

    # --- Resource Graph: the same tenant, as the graph indexes it ---------------------------
    def peek(self, path: str) -> list[Any]:
        """What a GET of `path` finally serves (a retried fault's last answer), without counting a
        hit: the bodies of every page (all $skiptoken routes of the path), or [] when it fails."""
        low = path.lower().rstrip("/")
        if self._by_path is None:
            self._by_path = {}
            for (method, route, _token), seq in self.routes.items():
                if method == "GET":
                    self._by_path.setdefault(route, []).append(seq)
        bodies = []
        for seq in self._by_path.get(low, []):
            last = seq[-1]
            if last.status != 200 or last.raw is not None:
                return []
            bodies.append(last.body)
        if low not in self._by_path:
            generic = self.respond("GET", path, {}, b"")
            if generic.status == 200:
                bodies.append(generic.body)
        return bodies

    def _items(self, path: str) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for body in self.peek(path):
            for item in (body.get("value") or []) if isinstance(body, dict) else []:
                out.setdefault(item["id"].lower(), item)
        return list(out.values())

    def graph_tables(self) -> dict[str, list[dict[str, Any]]]:
        """`resources` and `authorizationresources` rows built from the GET routes (faults included:
        a resource whose GET fails is not in the graph). Types are lower-cased, as Resource Graph does."""
        if self._graph_tables is not None:
            return self._graph_tables
        resources: dict[str, dict[str, Any]] = {}
        auth: dict[str, dict[str, Any]] = {}

        def add(table: dict[str, dict[str, Any]], row: Any) -> None:
            if isinstance(row, dict) and isinstance(row.get("id"), str):
                table.setdefault(row["id"].lower(), {**row, "type": str(row.get("type", "")).lower()})

        with_locks: list[str] = []
        for w in self.workspaces:
            lake = f"/subscriptions/{w.sub}/resourceGroups/{LAKE_RG}/providers/Microsoft.Storage/storageAccounts/{LAKE}"
            owned = [w.id, w.storage_id, w.kv_id,
                     w.res("Microsoft.ContainerRegistry/registries", w.acr), w.res("microsoft.insights/components", w.appi),
                     f"/subscriptions/{w.sub}/resourceGroups/{LAW_RG}/providers/Microsoft.OperationalInsights/workspaces/{LAW}",
                     *w.byo_ids.values(), lake, *self.extra_graph_ids]
            for rid in owned:
                bodies = self.peek(rid)
                if bodies:
                    add(resources, bodies[0])
                    with_locks.append(rid)
            for child in ("computes", "onlineEndpoints", "batchEndpoints"):
                for item in self._items(f"{w.id}/{child}"):
                    add(resources, item)
            registries = self._items(f"/subscriptions/{w.sub}/providers/Microsoft.MachineLearningServices/registries")
            for item in registries:
                add(resources, item)
            for rid in (w.id, w.storage_id, lake, *(r["id"] for r in registries)):
                for item in self._items(f"{rid}/providers/Microsoft.Authorization/roleAssignments"):
                    add(auth, item)
        for rid in with_locks:
            for item in self._items(f"{rid}/providers/Microsoft.Authorization/locks"):
                add(resources, item)
        for (method, route, _token), seq in self.routes.items():
            if method == "GET" and "/providers/microsoft.authorization/roledefinitions/" in route:
                add(auth, seq[-1].body)
        self._graph_tables = {"resources": list(resources.values()), "authorizationresources": list(auth.values())}
        return self._graph_tables

    _LITERAL = re.compile(r"'((?:[^'\\]|\\.)*)'")
    _GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

    def graph_query(self, request: dict[str, Any]) -> Response:
        """Answers the collector's query shapes: the table is the first word; string literals are
        ids (leading '/'), role definition names (GUIDs), types (containing '/'), or other filters
        (resource group, workspace name: ignored, the collector filters again). A row matches by
        type or id; with names, by type and name. Paged with $skipToken."""
        query = str(request.get("query") or "")
        options = request.get("options") or {}
        token = options.get("$skipToken") or ""
        with self.lock:
            self.graph_queries.append((query, token))
        table = query.split("|", 1)[0].strip().lower()
        rows = self.graph_tables().get(table)
        if rows is None:
            return Response(400, {"error": {"code": "BadRequest", "message": f"unknown table {table!r}"}})
        literals = [m.group(1).lower() for m in self._LITERAL.finditer(query)]
        ids = {v for v in literals if v.startswith("/")}
        names = {v for v in literals if self._GUID.match(v)}
        types = {v for v in literals if "/" in v and not v.startswith("/")}
        subs = {s.lower() for s in request.get("subscriptions") or []}

        def match(row: dict[str, Any]) -> bool:
            rid = row["id"].lower()
            if subs and rid.startswith("/subscriptions/") and rid.split("/")[2] not in subs:
                return False
            if names:
                return row["type"] in types and str(row.get("name", "")).lower() in names
            return row["type"] in types or rid in ids

        chosen = sorted((r for r in rows if match(r)), key=lambda r: r["id"].lower())
        size = max(1, min(int(options.get("$top") or 1000), self.graph_page_rows))
        start = int(token[len("skip"):]) if token.startswith("skip") else 0
        data = chosen[start : start + size]
        page = {"totalRecords": len(chosen), "count": len(data), "resultTruncated": "false", "facets": [], "data": data}
        if start + size < len(chosen):
            page["$skipToken"] = f"skip{start + size}"
        return Response(body=page)

    def respond(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> Response:
        low = path.lower().rstrip("/")
        if method == "POST" and low == "/providers/microsoft.resourcegraph/resources":
            return self.graph_query(json.loads(body or b"{}"))
        skiptoken = (query.get("$skiptoken") or [""])[0]
        key = (method, low, skiptoken)
        if not query.get("$filter") and (method, low, UNFILTERED) in self.routes:
            key = (method, low, UNFILTERED)  # the list without $filter=atScope() differs (policy assignments)
        with self.lock:
            if key in self.routes:
                n = self.hits.get(key, 0)
                self.hits[key] = n + 1
                seq = self.routes[key]
                return seq[min(n, len(seq) - 1)]
        if method == "GET":
            for suffix, rec in (("/providers/microsoft.insights/diagnosticsettings", "diagnostic_settings.json"),
                                ("/providers/microsoft.authorization/locks", "locks.json"),
                                ("/providers/microsoft.authorization/roleassignments", "role_assignments.json")):
                if low.endswith(suffix):
                    resource = path[: len(path.rstrip("/")) - len(suffix)]
                    sub = resource.split("/")[2] if resource.startswith("/subscriptions/") else SUB_MAIN
                    return Response(body=render(rec, self.values(sub=sub, RESOURCE=resource)))
        return Response(404, {"error": {"code": "ResourceNotFound", "message": f"The Resource '{path}' was not found."}})


def make_handler(tenant: ReplayTenant) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            wait = tenant.throttle.take(parts.path) if tenant.throttle is not None else 0.0
            with tenant.lock:
                tenant.seen.append(Seen(self.command, parts.path, query, time.monotonic(), tenant.owner(parts.path),
                                        self.headers.get("Authorization"), wait > 0))
            if wait > 0:  # like ARM: 429 with Retry-After in whole seconds
                response = Response(429, {"error": {"code": "TooManyRequests", "message": "throttled (replay token bucket)"}},
                                    headers={"Retry-After": str(max(1, math.ceil(wait)))})
            else:
                response = tenant.respond(self.command, parts.path, query, body)
            if response.delay or tenant.latency:
                time.sleep(response.delay + tenant.latency)
            payload = response.raw if response.raw is not None else json.dumps(response.body).encode()
            try:
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if response.drip:
                    for i in range(len(payload)):
                        self.wfile.write(payload[i : i + 1])
                        self.wfile.flush()
                        time.sleep(response.drip)
                else:
                    self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass

        do_GET = _serve
        do_POST = _serve
        do_PUT = _serve
        do_PATCH = _serve
        do_DELETE = _serve

    return Handler


class ReplayServer:
    def __init__(self, tenant: ReplayTenant, ca: Any) -> None:
        self.tenant = tenant
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(tenant))
        self.httpd.daemon_threads = True
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.base = f"https://127.0.0.1:{self.port}"
        tenant.base = self.base
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ReplayServer:
        self.tenant.build()
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
