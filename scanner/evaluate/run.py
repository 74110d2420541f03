"""Evaluate a snapshot: every rule on every workspace, in worker processes.

The engine runs in child processes, never in the process that writes reports: rego-cpp can crash
the process it runs in (a segfault after some engine errors was seen with regopy 1.5.2), and a
crash must cost one workspace an `error` result, not the whole scan. Workers also let evaluation
use every core. Each worker compiles the bundle once and evaluates workspaces one query each.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterable, Iterator

from scanner.errors import RuntimeFailure, UsageError
from scanner.evaluate.catalog import PolicyBundle
from scanner.evaluate.results import rule_results

_ENGINE: Any = None
_ENGINE_ERROR: str | None = None


def workspace_input(entry: dict[str, Any], snapshot: dict[str, Any]) -> dict[str, Any]:
    """The document one workspace is judged on: its entry plus the context around it."""
    subscription_id = entry.get("id", "").split("/")[2].lower() if entry.get("id", "").count("/") >= 2 else ""
    subscription = next(
        (s for s in snapshot.get("subscriptions", []) if str(s.get("subscription_id", "")).lower() == subscription_id),
        None,
    )
    document = dict(entry)
    document["context"] = {
        "subscription": subscription,
        "source": snapshot.get("source", {}),
        "tenant_id": snapshot.get("tenant_id"),
    }
    return document


def _init_worker(bundle: PolicyBundle, data: dict[str, Any]) -> None:
    global _ENGINE, _ENGINE_ERROR
    from scanner.evaluate.engine import RegoEngine

    try:
        _ENGINE = RegoEngine(bundle, data)
    except UsageError as exc:
        _ENGINE_ERROR = str(exc)


def _evaluate_one(payload: tuple[str, dict[str, Any]]) -> tuple[str, list[dict[str, Any]] | str]:
    workspace_id, document = payload
    if _ENGINE is None:
        return workspace_id, f"COMPILE:{_ENGINE_ERROR}"
    outcome = _ENGINE.evaluate(document)
    rules = _ENGINE.bundle.rule_by_package()
    results: list[dict[str, Any]] = []
    for package, raw in outcome.items():
        results.extend(rule_results(rules[package], workspace_id, raw))
    return workspace_id, results


def _context() -> multiprocessing.context.BaseContext:
    # fork is cheap and safe here: the parent never loads the native engine.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _crash_results(bundle: PolicyBundle, workspace_id: str) -> list[dict[str, Any]]:
    from scanner.evaluate.engine import RuleFailure

    failure = RuleFailure("the policy engine crashed while evaluating this workspace")
    return [r for rule in bundle.rules for r in rule_results(rule, workspace_id, failure)]


def _run_pool(bundle: PolicyBundle, data: dict[str, Any], payloads: list[tuple[str, dict[str, Any]]], workers: int) -> Iterator[tuple[str, list[dict[str, Any]] | str | None]]:
    """Yields (workspace_id, results) in input order; None marks a workspace lost to a crash."""
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker, initargs=(bundle, data)) as pool:
        futures = [pool.submit(_evaluate_one, payload) for payload in payloads]
        for (workspace_id, _), future in zip(payloads, futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield workspace_id, None


def evaluate_workspaces(
    bundle: PolicyBundle,
    snapshot: dict[str, Any],
    data: dict[str, Any] | None = None,
    workers: int | None = None,
) -> Iterable[dict[str, Any]]:
    """All results of all rules on all workspaces of a snapshot (unsorted)."""
    data = data or {}
    entries = snapshot.get("workspaces", [])
    if not entries:
        return []
    payloads = [(str(entry["id"]), workspace_input(entry, snapshot)) for entry in entries]
    workers = max(1, min(workers or (os.cpu_count() or 1), len(payloads)))
    results: list[dict[str, Any]] = []
    lost: list[tuple[str, dict[str, Any]]] = []
    by_id = dict(payloads)
    for workspace_id, outcome in _run_pool(bundle, data, payloads, workers):
        if isinstance(outcome, str) and outcome.startswith("COMPILE:"):
            raise UsageError(outcome.removeprefix("COMPILE:"))
        if outcome is None:
            lost.append((workspace_id, by_id[workspace_id]))
        else:
            results.extend(outcome)
    # A crash takes every in-flight workspace with it; retry those alone to find the culprit.
    for workspace_id, document in lost:
        try:
            outcome = next(iter(_run_pool(bundle, data, [(workspace_id, document)], 1)))[1]
        except Exception as exc:  # the pool itself could not start
            raise RuntimeFailure(f"policy engine workers could not start: {exc}") from None
        if isinstance(outcome, str) and outcome.startswith("COMPILE:"):
            raise UsageError(outcome.removeprefix("COMPILE:"))
        results.extend(outcome if isinstance(outcome, list) else _crash_results(bundle, workspace_id))
    return results
