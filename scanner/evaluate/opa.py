"""`--engine opa`: evaluate on an OPA server through `opa-python-client`.

The policies (every module of the bundle plus the generated `amlscan.main` entrypoint, the same
one the embedded engine compiles) are pushed through OPA's Policy API, the parameters are written
to `data.amlscan.params`, then each workspace is one query of `data.amlscan.main.results`. With
`preloaded=True` nothing is pushed: the server is expected to hold the bundle built by
`amlscan bundle` (its `data.json` carries the parameters). Raw outputs go through the same
`rule_results` as the embedded engine's, so both engines produce identical results.

Built-in errors are made fatal (`strict-builtin-errors`), matching the embedded engine's strict
mode; a failed or undefined entrypoint is retried rule by rule so a failure is pinned on its rule.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable
from urllib.parse import urlparse

from scanner.errors import RuntimeFailure, UsageError
from scanner.evaluate.catalog import PolicyBundle
from scanner.evaluate.engine import MAIN_ENTRYPOINT, RuleFailure, as_outcome, main_module, rule_entrypoint
from scanner.evaluate.results import rule_results
from scanner.evaluate.run import workspace_input

POLICY_ID_PREFIX = "amlscan/"
MAIN_POLICY_PATH = "<generated>/main.rego"
TOKEN_ENV = "AMLSCAN_OPA_TOKEN"
QUERY_PARAMS = {"strict-builtin-errors": "true"}


def opa_client(url: str, timeout: float = 30.0) -> Any:
    from opa_client.opa import OpaClient

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"--opa-url must look like http://127.0.0.1:8181, got {url!r}")
    port = parsed.port or (443 if parsed.scheme == "https" else 8181)
    return OpaClient(host=parsed.hostname, port=port, ssl=parsed.scheme == "https", timeout=timeout,
                     token=os.environ.get(TOKEN_ENV) or None, retries=2)


def _error_text(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    if response is not None:
        try:
            body = response.json()
        except ValueError:
            return f"HTTP {response.status_code}: {response.text[:300]}"
        errors = body.get("errors") or []
        details = "; ".join(str(e.get("message", e)) for e in errors if isinstance(e, dict))
        return f"{body.get('message', 'OPA error')}{': ' + details if details else ''}"
    return str(exc) or type(exc).__name__


def push_policies(client: Any, bundle: PolicyBundle, params: dict[str, Any]) -> None:
    """Replace the server's amlscan policies with this bundle's and set the parameters."""
    packages = sorted(rule.package for rule in bundle.rules)
    modules = dict(bundle.modules)
    modules[MAIN_POLICY_PATH] = main_module(packages)
    wanted = {POLICY_ID_PREFIX + path: source for path, source in modules.items()}
    try:
        for stale in set(client.get_policies_list()) - set(wanted):
            if stale.startswith(POLICY_ID_PREFIX):
                client.delete_policy(stale)
        client.update_or_create_data(params, "amlscan/params")
        for policy_id, source in sorted(wanted.items()):
            try:
                client.update_policy_from_string(source, policy_id, rego_compat=False)
            except Exception as exc:
                raise UsageError(f"policy error: OPA refused {policy_id.removeprefix(POLICY_ID_PREFIX)}: {_error_text(exc)}") from None
    except UsageError:
        raise
    except Exception as exc:
        raise RuntimeFailure(f"OPA server at {client.root_url}: {_error_text(exc)}") from None


def _query(client: Any, entrypoint: str, document: dict[str, Any]) -> tuple[Any, str | None]:
    try:
        body = client.query_rule(document, entrypoint, query_params=QUERY_PARAMS)
    except Exception as exc:
        if getattr(exc, "response", None) is None:
            raise RuntimeFailure(f"OPA server at {client.root_url}: {_error_text(exc)}") from None
        return None, "engine error: " + _error_text(exc)
    if "result" not in body:
        return None, "the rule's results are undefined"
    return body["result"], None


def evaluate_document(client: Any, packages: list[str], document: dict[str, Any]) -> dict[str, list[Any] | RuleFailure]:
    """Every rule's raw results for one input, keyed by package (the shape RegoEngine.evaluate returns)."""
    value, reason = _query(client, MAIN_ENTRYPOINT, document)
    if reason is None and isinstance(value, dict) and all(isinstance(value.get(p), list) for p in packages):
        return {package: value[package] for package in packages}
    # The aggregate failed somewhere: query rule by rule so the failure stays with its rule.
    return {package: as_outcome(*_query(client, rule_entrypoint(package), document)) for package in packages}


def opa_evaluator(url: str, preloaded: bool = False) -> Callable[..., Iterable[dict[str, Any]]]:
    """An `evaluate` function for `run_scan`, with the signature of `evaluate_workspaces`."""

    def evaluate(bundle: PolicyBundle, snapshot: dict[str, Any], data: dict[str, Any] | None = None, workers: int | None = None) -> list[dict[str, Any]]:
        client = opa_client(url)
        try:
            if not preloaded:
                push_policies(client, bundle, (data or {}).get("params", {}))
            rules = bundle.rule_by_package()
            packages = sorted(rules)
            results: list[dict[str, Any]] = []
            for entry in snapshot.get("workspaces", []):
                workspace_id = str(entry["id"])
                outcome = evaluate_document(client, packages, workspace_input(entry, snapshot))
                for package, raw in outcome.items():
                    results.extend(rule_results(rules[package], workspace_id, raw))
            return results
        finally:
            client.close_connection()

    return evaluate
