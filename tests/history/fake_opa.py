"""A stand-in for `opa run --server` on loopback, for machines without the `opa` binary.

It speaks the subset of OPA's REST API that `opa-python-client` and scanner/evaluate/opa.py use
(Policy API, Data API PUT and POST, /health) and evaluates with the embedded engine (regopy) in
this separate process. It therefore tests the protocol, the push and the result mapping, not
OPA's own semantics: that is what the real-`opa` test is for. Optionally preloads a bundle
(`amlscan bundle` output) the way `opa run --server --bundle` would.

Run: python -m tests.history.fake_opa [BUNDLE.tar.gz]; prints the port, serves until killed.
"""

from __future__ import annotations

import json
import sys
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from regopy import Interpreter, rego_shared

from scanner.evaluate.engine import run_query

POLICIES: dict[str, str] = {}
DATA: dict[str, Any] = {}
LOG: list[dict[str, Any]] = []
LOCK = threading.Lock()


def _set(path: list[str], value: Any) -> None:
    node = DATA
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _evaluate(path: list[str], document: Any) -> tuple[int, dict[str, Any]]:
    interpreter = Interpreter()
    interpreter.strict_built_in_errors = True
    try:
        for policy_id, source in sorted(POLICIES.items()):
            interpreter.add_module(policy_id, source)
        interpreter.add_data_json(json.dumps(DATA))
        interpreter.set_input_term(json.dumps(document))
    except Exception as exc:
        return 400, {"code": "invalid_parameter", "message": str(exc)[:500]}
    value, reason = run_query(interpreter, lambda impl: rego_shared.rego_query(impl, "data." + ".".join(path)))
    if reason == "the rule's results are undefined":
        return 200, {}
    if reason is not None:
        return 500, {"code": "internal_error", "message": reason}
    return 200, {"result": value}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _route(self) -> tuple[str, list[str], dict[str, list[str]]]:
        url = urlparse(self.path)
        parts = [unquote(p) for p in url.path.split("/") if p]
        return url.path, parts, parse_qs(url.query)

    def do_GET(self) -> None:
        path, parts, _ = self._route()
        if path == "/health":
            return self._reply(200, {})
        if path == "/_log":
            return self._reply(200, {"log": LOG, "policies": sorted(POLICIES), "data": DATA})
        if parts[:2] == ["v1", "policies"] and len(parts) == 2:
            return self._reply(200, {"result": [{"id": k, "raw": v} for k, v in sorted(POLICIES.items())]})
        self._reply(404, {"code": "resource_not_found", "message": path})

    def do_PUT(self) -> None:
        _, parts, _ = self._route()
        body = self._body()
        with LOCK:
            if parts[:2] == ["v1", "policies"] and len(parts) > 2:
                POLICIES["/".join(parts[2:])] = body.decode("utf-8")
                LOG.append({"op": "put-policy", "id": "/".join(parts[2:])})
                return self._reply(200, {})
            if parts[:2] == ["v1", "data"] and len(parts) > 2:
                _set(parts[2:], json.loads(body))
                LOG.append({"op": "put-data", "path": "/".join(parts[2:])})
                return self._reply(204)
        self._reply(404, {"code": "resource_not_found", "message": self.path})

    def do_DELETE(self) -> None:
        _, parts, _ = self._route()
        with LOCK:
            policy_id = "/".join(parts[2:])
            if parts[:2] == ["v1", "policies"] and policy_id in POLICIES:
                del POLICIES[policy_id]
                LOG.append({"op": "delete-policy", "id": policy_id})
                return self._reply(200, {})
        self._reply(404, {"code": "resource_not_found", "message": self.path})

    def do_POST(self) -> None:
        _, parts, query = self._route()
        if parts[:2] != ["v1", "data"]:
            return self._reply(404, {"code": "resource_not_found", "message": self.path})
        document = json.loads(self._body() or b"{}").get("input")
        with LOCK:
            LOG.append({"op": "query", "path": "/".join(parts[2:]), "params": {k: v[0] for k, v in query.items()}})
            status, body = _evaluate(parts[2:], document)
        self._reply(status, body)


def preload(bundle: str) -> None:
    with tarfile.open(bundle, "r:gz") as tar:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith(".rego"):
                POLICIES[member.name.lstrip("/")] = data.decode("utf-8")
            elif member.name.lstrip("/") == "data.json":
                DATA.update(json.loads(data))


def main() -> None:
    if len(sys.argv) > 1:
        preload(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
