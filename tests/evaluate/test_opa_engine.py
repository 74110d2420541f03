"""`--engine opa` against a real `opa run --server` on loopback: the push, the query, the failures.

Results equal to the embedded engine's on the whole conformance corpus are proven in
tests/evaluate/test_opa_conformance.py; this file covers how amlscan drives the server. Every
server is a real OPA (the session's, tests/conftest.py), except one stand-in below for a server
that drops connections mid-scan, which a real OPA cannot be made to do on cue.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from scanner.config import parameter_defaults
from scanner.evaluate.catalog import load_bundle
from scanner.evaluate.outcome import main_module
from tests.evaluate.opa_server import OpaServer, free_port, require_tool
from tests.history.helpers import FIXTURES, ROOT, amlscan

MIXED = FIXTURES / "mixed-forbidden.json"
HARDENED = FIXTURES / "hipaa-hardened.json"
OPTIONS = ("--format", "json", "--fail-on", "none", "--quiet")


def _results(folder: Path, snapshot: Path, *extra: str, expect: int = 0) -> dict[str, Any]:
    code = amlscan("scan", str(snapshot), "--output-dir", str(folder), *OPTIONS, *extra)
    assert code == expect, f"scan {' '.join(extra)} exited {code}"
    return json.loads((folder / "results.json").read_text())


def _policies_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    return copy


def test_push_writes_the_bundle_and_parameters_then_one_query_per_workspace(opa_server: Any, tmp_path: Path) -> None:
    before = opa_server.requests()
    _results(tmp_path / "a", MIXED, "--engine", "opa", "--opa-url", opa_server.url)
    held = {p["id"]: p["raw"] for p in opa_server.get("/v1/policies")["result"] if p["id"].startswith("amlscan/")}
    bundle = load_bundle()
    assert {k.removeprefix("amlscan/"): v for k, v in held.items() if not k.startswith("amlscan/<generated>/")} == bundle.modules
    assert held["amlscan/<generated>/main.rego"] == main_module(sorted(rule.package for rule in bundle.rules))
    assert opa_server.get("/v1/data/amlscan/params")["result"] == parameter_defaults()
    after = opa_server.requests()
    workspaces = len(json.loads(MIXED.read_text())["workspaces"])
    assert after[("v1/data", "post")] - before.get(("v1/data", "post"), 0) == workspaces  # data.amlscan.main.results, once each
    # The same bundle again: nothing to write.
    _results(tmp_path / "b", MIXED, "--engine", "opa", "--opa-url", opa_server.url)
    assert opa_server.requests().get(("v1/policies", "put"), 0) == after.get(("v1/policies", "put"), 0)


# A clause whose condition meets a builtin error on every workspace (`to_number` of the workspace's
# resource id): added to AML-STG-001, whose other clauses are untouched.
FAILING_CLAUSE = """
results contains lib.pass(account, "never", evidence) if to_number(input.id) == 0
"""


def test_builtin_errors_are_strict_on_opa_and_undefined_in_wasm(opa_server: Any, tmp_path: Path) -> None:
    """The engine limit docs/writing-rules.md lists: OPA (strict-builtin-errors, as --engine opa
    queries it) reports the builtin's error on that rule alone; the Wasm module's compiled builtins
    are not strict, so there the clause is undefined and the rule keeps its other verdicts. Rules
    therefore never hand a builtin a value it can fail on (tests/evaluate/test_type_fuzz.py)."""
    policies = _policies_copy(tmp_path)
    rule = policies / "rules" / "storage" / "https_only.rego"
    rule.write_text(rule.read_text() + FAILING_CLAUSE)
    opa = _results(tmp_path / "opa", HARDENED, "--policies", str(policies), "--engine", "opa", "--opa-url", opa_server.url, expect=3)
    errors = [r for r in opa["results"] if r["status"] == "error"]
    assert [r["rule_id"] for r in errors] == ["AML-STG-001"]
    assert "engine error:" in errors[0]["message"] and "to_number" in errors[0]["message"]
    embedded = _results(tmp_path / "embedded", HARDENED, "--policies", str(policies))
    shipped = _results(tmp_path / "shipped", HARDENED)
    assert not [r for r in embedded["results"] if r["status"] == "error"]
    assert embedded["results"] == shipped["results"]  # the failing clause vanished, nothing else changed
    assert [r for r in opa["results"] if r["status"] != "error"] == [r for r in embedded["results"] if r["rule_id"] != "AML-STG-001"]


def test_stale_policies_are_removed_and_others_kept(opa_server: Any, tmp_path: Path) -> None:
    opa_server.send("PUT", "/v1/policies/amlscan/rules/gone.rego", b"package amlscan.rules.gone\n\nresults := set()\n")
    opa_server.send("PUT", "/v1/policies/someone-else.rego", b"package someone.other\n\nallow := true\n")
    try:
        _results(tmp_path, HARDENED, "--engine", "opa", "--opa-url", opa_server.url)
        ids = {p["id"] for p in opa_server.get("/v1/policies")["result"]}
        assert "amlscan/rules/gone.rego" not in ids
        assert "someone-else.rego" in ids  # not ours: left alone
    finally:
        opa_server.send("DELETE", "/v1/policies/someone-else.rego", b"")


LIBRARY = sorted(p.relative_to(ROOT / "policies").as_posix() for p in (ROOT / "policies" / "lib").glob("*.rego") if not p.name.endswith("_test.rego"))


def _small_policies(folder: Path, rename: str | None = None) -> Path:
    """The library and one rule (AML-STG-001), optionally with the library function it calls,
    `could_not_resolve` (policies/lib/verdicts.rego), renamed."""
    for relative in [*LIBRARY, "rules/storage/https_only.rego"]:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        source = (ROOT / "policies" / relative).read_text()
        if rename:
            source = source.replace("lib.could_not_resolve(", f"lib.{rename}(").replace("\ncould_not_resolve(", f"\n{rename}(")
        target.write_text(source)
    return folder


@pytest.fixture(scope="module")
def scratch_opa() -> Iterator[OpaServer]:
    """A second real OPA for small policy sets, so the session's server keeps the full bundle."""
    server = OpaServer(require_tool("opa"))
    yield server
    server.stop()


def test_a_bundle_replaces_one_whose_library_differs(scratch_opa: OpaServer, tmp_path: Path) -> None:
    # OPA compiles the whole set on each write: pushed module by module over the other version, the
    # renamed library function was refused ("undefined function") whichever went first.
    older = _small_policies(tmp_path / "older", rename="could_not_resolve_v0")
    current = _small_policies(tmp_path / "current")
    assert "\ncould_not_resolve_v0(" in (older / "lib" / "verdicts.rego").read_text()
    assert "lib.could_not_resolve_v0(" in (older / "rules" / "storage" / "https_only.rego").read_text()
    embedded = _results(tmp_path / "embedded", HARDENED, "--policies", str(current))["results"]
    for policies in (older, current, older):
        opa = _results(tmp_path / policies.name, HARDENED, "--policies", str(policies), "--engine", "opa", "--opa-url", scratch_opa.url)
        assert opa["results"] == embedded
        held = {p["id"]: p["raw"] for p in scratch_opa.get("/v1/policies")["result"]}
        assert held["amlscan/lib/verdicts.rego"] == (policies / "lib" / "verdicts.rego").read_text()


def test_a_policy_opa_refuses_is_a_usage_error_naming_file_and_line(scratch_opa: OpaServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (appended text, message, line of the error counted back from the end)
    for index, (addition, message, back) in enumerate([
        ("\nbroken if {\n\tundefined_function(1)\n}\n", "undefined function undefined_function", 1),
        ("\nbroken if {\n\t1 +\n}\n", "unexpected } token", 0),
    ]):
        policies = _small_policies(tmp_path / f"policies-{index}")
        rule = policies / "rules" / "storage" / "https_only.rego"
        rule.write_text(rule.read_text() + addition)
        line = rule.read_text().count("\n") - back
        out = tmp_path / f"out-{index}"
        code = amlscan("scan", str(HARDENED), "--output-dir", str(out), "--policies", str(policies), "--engine", "opa", "--opa-url", scratch_opa.url, "--quiet")
        err = capsys.readouterr().err
        assert code == 2, err
        assert "policy error: OPA refused rules/storage/https_only.rego" in err and message in err, err
        assert f"amlscan/rules/storage/https_only.rego:{line}: " in err, err
        assert not out.exists()
    # A parse error is reported at once; nothing is removed to retry (the library is still there).
    assert {f"amlscan/{relative}" for relative in LIBRARY} <= {p["id"] for p in scratch_opa.get("/v1/policies")["result"]}


def test_preloaded_server_must_hold_these_policies_and_parameters(opa_server: Any, opa_bundle_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changed = _policies_copy(tmp_path)
    (changed / "rules" / "storage" / "https_only.rego").write_text((changed / "rules" / "storage" / "https_only.rego").read_text() + "\n# changed\n")
    cases = [
        ((opa_server.url, "--opa-preloaded"), "holds no bundle owning data.amlscan"),
        ((opa_bundle_server.url, "--opa-preloaded", "--config", str(ROOT / "amlscan.example.yaml")), "parameters in the server's bundle differ from this scan's (allowed_regions, data_scientist_principal_ids)"),
        ((opa_bundle_server.url, "--opa-preloaded", "--policies", str(changed)), f"not this scan's policies (revision {load_bundle(changed).version}+{load_bundle(changed).sha256[:12]})"),
        ((opa_bundle_server.url,), "serves bundle"),  # pushing into a bundle's root: refused up front
    ]
    for index, ((url, *extra), message) in enumerate(cases):
        out = tmp_path / f"out-{index}"
        code = amlscan("scan", str(HARDENED), "--output-dir", str(out), "--engine", "opa", "--opa-url", url, "--quiet", *extra)
        err = capsys.readouterr().err
        assert code == 2 and message in err, (extra, err)
        assert not out.exists()


AUTHZ = """package system.authz

import rego.v1

default allow := false

allow if input.identity == "s3cret-token"
"""


@pytest.fixture(scope="module")
def token_opa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpaServer]:
    """A real OPA that requires a bearer token (token authentication, basic authorization)."""
    binary = require_tool("opa")
    authz = tmp_path_factory.mktemp("authz") / "authz.rego"
    authz.write_text(AUTHZ)
    server = OpaServer(binary, "--authentication=token", "--authorization=basic", str(authz))
    yield server
    server.stop()


def test_bearer_token_from_the_environment(token_opa: OpaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("AMLSCAN_OPA_TOKEN", raising=False)
    code = amlscan("scan", str(HARDENED), "--output-dir", str(tmp_path / "refused"), "--engine", "opa", "--opa-url", token_opa.url, "--quiet")
    assert code == 3 and f"OPA server at {token_opa.url}/v1" in capsys.readouterr().err
    code = amlscan("scan", str(HARDENED), "--output-dir", str(tmp_path / "refused"), "--engine", "opa", "--opa-url", token_opa.url, "--opa-preloaded", "--quiet")
    assert code == 2 and "cannot read the OPA server's bundles (data.system.bundles)" in capsys.readouterr().err
    monkeypatch.setenv("AMLSCAN_OPA_TOKEN", "s3cret-token")
    policies = _small_policies(tmp_path / "policies")  # a small set: this server starts empty
    with_token = _results(tmp_path / "opa", HARDENED, "--policies", str(policies), "--engine", "opa", "--opa-url", token_opa.url)
    assert with_token["results"] == _results(tmp_path / "embedded", HARDENED, "--policies", str(policies))["results"]


def test_unreachable_opa_is_a_runtime_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    code = amlscan("scan", str(HARDENED), "--output-dir", str(tmp_path), "--engine", "opa", "--opa-url", f"http://127.0.0.1:{port}", "--quiet")
    assert code == 3
    assert f"OPA server at http://127.0.0.1:{port}/v1" in capsys.readouterr().err


class _DropsQueries(BaseHTTPRequestHandler):
    """Takes the push like an empty OPA, then hangs up on every query (a server dying mid-scan)."""

    def log_message(self, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._reply(200, {"result": []} if self.path.startswith("/v1/policies") else {})

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._reply(200, {})

    def do_POST(self) -> None:
        self.close_connection = True  # no response at all


def test_a_server_dropping_queries_is_a_runtime_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DropsQueries)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        code = amlscan("scan", str(HARDENED), "--output-dir", str(tmp_path / "out"), "--engine", "opa", "--opa-url", url, "--quiet")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 3
    assert f"OPA server at {url}/v1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # nothing half-written
