"""`--engine opa`: evaluate on an OPA server through `opa-python-client`.

The policies (every module of the bundle plus the generated `amlscan.main` entrypoint, the same
one the embedded engine compiles) are pushed through OPA's Policy API, the parameters are written
to `data.amlscan.params`, then each workspace is one query of `data.amlscan.main.results`. With
`preloaded=True` nothing is pushed: the server must hold the OPA bundle built by `amlscan opa-bundle` from
these policies (its manifest revision is checked) with these parameters (its `data.json`, checked
too), so a results document never names policies or parameters other than those that judged it.
Raw outputs go through the same `outcome_results` as the embedded engine's, so both engines produce
identical results (tests/evaluate/test_opa_conformance.py proves it on a real `opa run --server`).

OPA compiles the whole policy set on every Policy API write (~50-150 ms with this bundle) and
refuses a write that leaves it broken. So only what differs is written: the changed modules, then
the stale ones removed, in rounds that repeat what the server refused until nothing is left or
nothing moves (a module whose dependency is not there yet goes through in the next round). When
that stalls, a library changed under rules that call it (the new library is refused against the
old rules, the new rules against the old library): then every amlscan module is removed and the
bundle written afresh. A parse error stops at once; another refusal that remains is reported.

Built-in errors are made fatal (`strict-builtin-errors`): OPA is the reference, and a rule must
never meet one (tests/evaluate/test_type_fuzz.py); a failed or undefined entrypoint is retried rule
by rule so a failure is pinned on its rule.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from scanner.errors import RuntimeFailure, UsageError
from scanner.evaluate.catalog import PolicyBundle
from scanner.evaluate.document import DataDocument, Result
from scanner.evaluate.inputs import workspace_input
from scanner.evaluate.interface import Engine, Evaluator
from scanner.evaluate.opa_bundle import ROOTS
from scanner.evaluate.outcome import MAIN_ENTRYPOINT, Outcomes, as_outcome, main_module, rule_entrypoint
from scanner.evaluate.results import outcome_results
from scanner.snapshot.model import SnapshotData, WorkspaceInput

POLICY_ID_PREFIX = "amlscan/"
MAIN_POLICY_PATH = "<generated>/main.rego"
TOKEN_ENV = "AMLSCAN_OPA_TOKEN"
QUERY_PARAMS = {"strict-builtin-errors": "true"}
BUNDLE_ROOT = ROOTS[0]  # the root an OPA bundle of these policies declares (scanner/evaluate/opa_bundle.py)
PARAMS_PATH = "amlscan/params"


def opa_client(url: str, timeout: float = 30.0) -> Any:
    from opa_client.opa import OpaClient

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"--opa-url must look like http://127.0.0.1:8181, got {url!r}")
    port = parsed.port or (443 if parsed.scheme == "https" else 8181)
    return OpaClient(host=parsed.hostname, port=port, ssl=parsed.scheme == "https", timeout=timeout,
                     token=os.environ.get(TOKEN_ENV) or None, retries=2)


def _describe(body: dict[str, Any]) -> str:
    """OPA's error body as one line: its message, then the first distinct errors with file:row."""
    details: list[str] = []
    for error in body.get("errors") or []:
        if not isinstance(error, dict):
            continue
        location = error.get("location") or {}
        where = f"{location.get('file')}:{location.get('row')}: " if isinstance(location, dict) and location.get("file") else ""
        text = where + str(error.get("message", error))
        if text not in details:
            details.append(text)
    message = str(body.get("message") or body.get("code") or "OPA error")
    return message + (": " + "; ".join(details[:3]) if details else "")


def _error_text(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    if response is not None:
        try:
            body = response.json()
        except ValueError:
            return f"HTTP {response.status_code}: {response.text[:300]}"
        return _describe(body) if isinstance(body, dict) else f"HTTP {response.status_code}"
    message = getattr(exc, "message", None)  # opa-python-client's errors: OPA's code and message
    if isinstance(message, str):
        return _describe({"message": message, "errors": getattr(exc, "errors", None)})
    return str(exc) or type(exc).__name__


def _answered(exc: BaseException) -> bool:
    """The server answered (with an error status), as opposed to not being reached at all.

    `requests` errors carry the response; opa-python-client's own errors (raised from an error
    body it parsed) carry none but are not connection failures either.
    """
    import requests

    return getattr(exc, "response", None) is not None or not isinstance(exc, requests.RequestException)


def _unreachable(client: Any, exc: BaseException) -> RuntimeFailure:
    return RuntimeFailure(f"OPA server at {client.root_url}: {_error_text(exc)}")


def _error_codes(exc: BaseException) -> set[str]:
    """The codes of the individual errors in OPA's answer (rego_parse_error, rego_type_error, ...)."""
    errors = getattr(exc, "errors", None)
    response = getattr(exc, "response", None)
    if errors is None and response is not None:
        try:
            errors = response.json().get("errors")
        except (ValueError, AttributeError):
            errors = None
    return {str(e.get("code")) for e in errors or [] if isinstance(e, dict)}


Operation = tuple[str, str]  # ("put" | "delete", policy id)


def _settle(client: Any, operations: list[Operation], apply: Callable[[Operation], Any]) -> dict[Operation, BaseException]:
    """Apply every operation, in rounds, until all succeed or a round changes nothing.

    Returns the operations the server still refuses, with its error. An operation the server did
    not answer is a runtime failure at once.
    """
    pending = list(operations)
    while pending:
        refused: dict[Operation, BaseException] = {}
        for operation in pending:
            try:
                apply(operation)
            except Exception as exc:
                if not _answered(exc):
                    raise _unreachable(client, exc) from None
                refused[operation] = exc
        if len(refused) == len(pending):
            return refused
        pending = [operation for operation in pending if operation in refused]
    return {}


def _policy_error(refused: dict[Operation, BaseException]) -> UsageError:
    (_, policy_id), exc = next(iter(refused.items()))
    return UsageError(f"policy error: OPA refused {policy_id.removeprefix(POLICY_ID_PREFIX)}: {_error_text(exc)}")


def _held_policies(client: Any) -> dict[str, str]:
    """The server's amlscan policies: id -> source."""
    held: dict[str, str] = {}
    for policy_id in client.get_policies_list():
        if policy_id.startswith(POLICY_ID_PREFIX):
            held[policy_id] = client.get_policy(policy_id).get("result", {}).get("raw")
    return held


def _server_bundles(client: Any, required: bool) -> dict[str, Any]:
    """The bundles the server has activated (name -> {manifest, ...}); empty when none.

    A server whose authorization policy hides `data.system` gives nothing here: for a push that
    only loses an early, clearer error (the write is refused anyway); `--opa-preloaded` stops.
    """
    from opa_client.errors import PolicyNotFoundError

    try:
        result = client.get_data("system/bundles").get("result")
    except PolicyNotFoundError as exc:
        if exc.expression == "PolicyNotFoundError":  # undefined: no bundle activated
            return {}
        if required:
            raise UsageError(f"--opa-preloaded: cannot read the OPA server's bundles (data.system.bundles): {_error_text(exc)}") from None
        return {}
    return result if isinstance(result, dict) else {}


def _owns_amlscan(manifest: Any) -> bool:
    """A bundle whose roots (path prefixes; none given means all of data) cover data.amlscan."""
    roots = manifest.get("roots", [""]) if isinstance(manifest, dict) else [""]
    return any(str(root).strip("/") in ("", BUNDLE_ROOT) or str(root).strip("/").startswith(BUNDLE_ROOT + "/") for root in roots)


def _amlscan_bundles(client: Any, required: bool = False) -> list[tuple[str, dict[str, Any]]]:
    bundles = _server_bundles(client, required)
    return [(name, info.get("manifest") or {}) for name, info in sorted(bundles.items()) if isinstance(info, dict) and _owns_amlscan(info.get("manifest"))]


def push_policies(client: Any, bundle: PolicyBundle, params: dict[str, Any]) -> None:
    """Make the server's amlscan policies this bundle's and set the parameters."""
    packages = sorted(rule.package for rule in bundle.rules)
    modules = dict(bundle.modules)
    modules[MAIN_POLICY_PATH] = main_module(packages)
    wanted = {POLICY_ID_PREFIX + path: source for path, source in modules.items()}
    try:
        owners = _amlscan_bundles(client)
        if owners:
            name, manifest = owners[0]
            raise UsageError(
                f"the OPA server at {client.root_url} serves bundle {name} (revision {manifest.get('revision', 'none')}), which owns "
                f"data.{BUNDLE_ROOT}: scan with --opa-preloaded, or use a server without that bundle"
            )
        held = _held_policies(client)
        client.update_or_create_data(params, PARAMS_PATH)

        def apply(operation: Operation) -> Any:
            kind, policy_id = operation
            if kind == "delete":
                return client.delete_policy(policy_id)
            return client.update_policy_from_string(wanted[policy_id], policy_id, rego_compat=False)

        # In place first: the changed modules written, the stale ones removed (rules before the
        # libraries they call: rules/ sorts after lib/).
        operations = [("put", pid) for pid in sorted(wanted) if held.get(pid) != wanted[pid]]
        operations += [("delete", pid) for pid in sorted(held, reverse=True) if pid not in wanted]
        refused = _settle(client, operations, apply)
        if not refused:
            return
        if any("rego_parse_error" in _error_codes(exc) for exc in refused.values()):
            raise _policy_error(refused)  # broken whatever the server holds
        # A library changed under modules that call it: everything out, then everything in.
        held_ids = [pid for pid in client.get_policies_list() if pid.startswith(POLICY_ID_PREFIX)]
        removal = _settle(client, [("delete", pid) for pid in sorted(held_ids, reverse=True)], apply)
        if removal:
            (_, policy_id), exc = next(iter(removal.items()))
            raise RuntimeFailure(f"OPA server at {client.root_url}: cannot remove {policy_id} (does another policy on the server use it?): {_error_text(exc)}")
        refused = _settle(client, [("put", pid) for pid in sorted(wanted)], apply)
        if refused:
            raise _policy_error(refused)
    except (UsageError, RuntimeFailure):
        raise
    except Exception as exc:
        raise _unreachable(client, exc) from None


def check_preloaded(client: Any, bundle: PolicyBundle, params: dict[str, Any]) -> None:
    """The server holds `amlscan opa-bundle` output of these policies, with these parameters."""
    from opa_client.errors import PolicyNotFoundError

    expected = f"{bundle.version}+{bundle.sha256[:12]}"
    try:
        owners = _amlscan_bundles(client, required=True)
        try:
            held_params = client.get_data(PARAMS_PATH).get("result")
        except PolicyNotFoundError:
            held_params = None
    except UsageError:
        raise
    except Exception as exc:
        raise _unreachable(client, exc) from None
    revisions = sorted(str(manifest.get("revision", "none")) for _, manifest in owners)
    if revisions != [expected]:
        found = f"bundle revision {', '.join(revisions)}" if revisions else "no bundle owning data.amlscan"
        raise UsageError(
            f"--opa-preloaded: the OPA server at {client.root_url} holds {found}, not this scan's policies "
            f"(revision {expected}): load `amlscan opa-bundle` output of the same policies, or drop --opa-preloaded"
        )
    if held_params != params:
        held = held_params if isinstance(held_params, dict) else {}
        absent = object()
        keys = sorted(k for k in set(params) | set(held) if params.get(k, absent) != held.get(k, absent))
        raise UsageError(
            f"--opa-preloaded: the parameters in the server's bundle differ from this scan's ({', '.join(keys) or 'data.amlscan.params absent'}): "
            "build the bundle with the same --config"
        )


def _query(client: Any, entrypoint: str, document: WorkspaceInput) -> tuple[Any, str | None]:
    try:
        body = client.query_rule(document, entrypoint, query_params=QUERY_PARAMS)
    except Exception as exc:
        if getattr(exc, "response", None) is None:
            raise _unreachable(client, exc) from None
        return None, "engine error: " + _error_text(exc)
    if "result" not in body:
        return None, "the rule's results are undefined"
    return body["result"], None


class OpaEngine(Engine):
    """The `Engine` of an OPA server that holds the bundle (scanner/evaluate/interface.py)."""

    def __init__(self, client: Any, bundle: PolicyBundle) -> None:
        self.client = client
        self.bundle = bundle
        self.packages = sorted(rule.package for rule in bundle.rules)

    def evaluate(self, document: WorkspaceInput) -> Outcomes:
        """Every rule's raw results for one input, keyed by package."""
        value, reason = _query(self.client, MAIN_ENTRYPOINT, document)
        if reason is None and isinstance(value, dict) and all(isinstance(value.get(p), list) for p in self.packages):
            return {package: value[package] for package in self.packages}
        # The aggregate failed somewhere: query rule by rule so the failure stays with its rule.
        return {package: as_outcome(*_query(self.client, rule_entrypoint(package), document)) for package in self.packages}


def opa_evaluator(url: str, preloaded: bool = False) -> Evaluator:
    """The `Evaluator` of an OPA server (scanner/evaluate/interface.py); `workers` does not apply."""

    def evaluate(bundle: PolicyBundle, snapshot: SnapshotData, data: DataDocument | None = None, workers: int | None = None) -> list[Result]:
        client = opa_client(url)
        params = data["params"] if data else {}
        try:
            if preloaded:
                check_preloaded(client, bundle, params)
            else:
                push_policies(client, bundle, params)
            rules = bundle.rule_by_package()
            engine: Engine = OpaEngine(client, bundle)
            results: list[Result] = []
            for entry in snapshot.get("workspaces", []):
                results += outcome_results(rules, str(entry["id"]), engine.evaluate(workspace_input(entry, snapshot)))
            return results
        finally:
            client.close_connection()

    return evaluate
