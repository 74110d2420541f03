"""Evaluate a snapshot: every rule on every workspace, in worker processes.

The embedded engine (the policies compiled to WebAssembly: docs/engines.md) runs in child
processes, never in the process that writes reports. Workers are what let evaluation use every
core. They are also what the time limit stops (a workspace whose evaluation runs past it costs its
worker, which its deadline ends: lifeline.py), and crash isolation: the Wasm engine cannot crash its process (a
trap costs one workspace inside the worker), but should a worker die anyway, it costs the in-flight
workspaces a retry and only the culprit an `error` result, not the whole scan. Each worker builds
its engine once.

Scale (see docs/benchmark.md): workspaces are streamed from the snapshot file to the workers in
small chunks with a bounded number of chunks in flight, so the parent never holds the workspaces
(only those lost to a crash, until they are retried) and the workers never hold more than one
chunk; results come back per workspace and are yielded as they arrive.
Workers are started from a fork server (on Linux), not forked from the parent, so their memory does
not grow with the snapshot the parent has loaded. The fields a result copies from its rule
(title, severity, frameworks, remediation, references) are not sent back from the workers: the
parent re-attaches them from one shared copy per rule, which keeps the parent's memory per result
small and the transfer cheap.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypedDict, cast

from scanner.errors import RuntimeFailure, UsageError
from scanner.evaluate.catalog import PolicyBundle, Rule
from scanner.evaluate.document import DataDocument, Evidence, Result
from scanner.evaluate.inputs import subscription_index, workspace_input
from scanner.evaluate.results import outcome_results, rule_results
from scanner.snapshot.model import SnapshotData, WorkspaceInput

if TYPE_CHECKING:
    from scanner.evaluate.interface import Engine
    from scanner.evaluate.lifeline import Guard

_ENGINE: Engine | None = None
_ENGINE_ERROR: str | None = None
_GUARD: Guard | None = None  # in a worker, its deadline; in the parent, the shared flag

# Limits per workspace (docs/writing-rules.md#limits): a chunk that takes longer than
# WORKSPACE_SECONDS is retried workspace by workspace, and a workspace that alone takes longer gets
# `error` results naming the limit; a workspace whose input is larger than WORKSPACE_BYTES of JSON
# is not handed to the engine at all (its memory and time grow with the input).
WORKSPACE_SECONDS = 60.0
WORKSPACE_BYTES = 16 << 20

# Workspaces per task: amortises inter-process overhead and bounds what a crash costs (a crash
# sends the chunk's workspaces back to be retried one by one).
CHUNK_SIZE = 16
CHUNKS_IN_FLIGHT_PER_WORKER = 2  # keeps every worker busy while bounding memory
# Fields of a result that are copies of its rule's metadata (see results.make_result).
_RULE_FIELDS = ("title", "severity", "frameworks", "remediation", "references")
# Start method for the worker processes; "fork" is used where a fork server does not exist.
START_METHOD = "forkserver" if sys.platform.startswith("linux") else "spawn"

Payload = tuple[str, WorkspaceInput]
# A result without the fields its rule gives it (results.make_result): rule_id, status,
# resource_id, resource_type, workspace_id, evidence, message.
Compact = tuple[str, str, str, str, str, list[Evidence], str]
Outcome = list[Compact] | str  # compact results, or "COMPILE:<message>"


def _init_worker(bundle: PolicyBundle, data: Mapping[str, Any], wasm: bytes | None = None, guard: Guard | None = None) -> None:
    global _ENGINE, _ENGINE_ERROR, _GUARD
    if guard is not None:
        _GUARD = guard
        guard.watch_parent()
    try:
        from scanner.evaluate.wasm_engine import WasmEngine

        _ENGINE = WasmEngine(bundle, data, wasm)
    except UsageError as exc:
        _ENGINE_ERROR = str(exc)


def _compact(result: Result) -> Compact:
    return (result["rule_id"], result["status"], result["resource_id"], result["resource_type"], result["workspace_id"], result["evidence"], result["message"])


def _evaluate_one(payload: Payload) -> tuple[str, Outcome]:
    return _evaluate_chunk([payload])[0]


def _evaluate_chunk(chunk: list[Payload]) -> list[tuple[str, Outcome]]:
    """Every rule on every workspace of the chunk, one workspace after the other."""
    if _ENGINE is None:
        return [(workspace_id, f"COMPILE:{_ENGINE_ERROR}") for workspace_id, _ in chunk]
    try:
        with _GUARD.deadline() if _GUARD is not None else contextlib.nullcontext():
            outcomes = [_ENGINE.evaluate(document) for _, document in chunk]
    except Exception as exc:  # e.g. an input the engine cannot take: find the workspace at fault
        if len(chunk) > 1:
            return [pair for payload in chunk for pair in _evaluate_chunk([payload])]
        from scanner.evaluate.outcome import RuleFailure

        failure = RuleFailure(f"the workspace could not be handed to the engine: {type(exc).__name__}: {exc}")
        outcomes = [{rule.package: failure for rule in _ENGINE.bundle.rules}]
    rules = _ENGINE.bundle.rule_by_package()
    return [(workspace_id, [_compact(r) for r in outcome_results(rules, workspace_id, outcome)]) for (workspace_id, _), outcome in zip(chunk, outcomes)]


class _Shared(TypedDict):
    title: str
    severity: str
    frameworks: dict[str, list[str]]
    remediation: dict[str, str]
    references: dict[str, list[str]]


class _Expander:
    """Rebuilds full result dicts from compact tuples, sharing one copy of each rule's metadata."""

    def __init__(self, rules: list[Rule]) -> None:
        self._shared: dict[str, _Shared] = {}
        # Messages, resource types and evidence repeat across workspaces (a few hundred distinct
        # values in 4,000 results): equal values share one object, which roughly halves the
        # parent's memory per result. Nothing downstream mutates them.
        self._strings: dict[str, str] = {}
        self._evidence: dict[str, list[Evidence]] = {}
        for rule in rules:
            self._shared[rule.id] = {  # the fields results.make_result copies from the rule
                "title": rule.title,
                "severity": rule.severity,
                "frameworks": {name: list(controls) for name, controls in rule.frameworks.items()},
                "remediation": dict(rule.remediation),
                "references": {kind: list(values) for kind, values in rule.references.items()},
            }

    def __call__(self, compact: Compact) -> Result:
        rule_id, status, resource_id, resource_type, workspace_id, evidence, message = compact
        shared = self._shared[rule_id]
        strings = self._strings
        message = strings.setdefault(message, message)
        resource_type = strings.setdefault(resource_type, resource_type)
        resource_id = strings.setdefault(resource_id, resource_id)  # one per resource, not per rule
        workspace_id = strings.setdefault(workspace_id, workspace_id)
        evidence = self._evidence.setdefault(repr(evidence), evidence)
        # Same keys in the same order as results.make_result. Built as the attribute dictionary of
        # a plain object: CPython's key-sharing dictionaries (PEP 412) then keep the twelve keys
        # once for every result, not once per result, which at 10,000 workspaces (~780,000
        # results) is a few hundred megabytes of the parent's peak. It is an ordinary dict.
        holder = _ResultHolder()
        holder.rule_id = rule_id
        holder.title = shared["title"]
        holder.severity = shared["severity"]
        holder.status = status
        holder.resource_id = resource_id
        holder.resource_type = resource_type
        holder.workspace_id = workspace_id
        holder.frameworks = shared["frameworks"]
        holder.evidence = evidence
        holder.message = message
        holder.remediation = shared["remediation"]
        holder.references = shared["references"]
        return cast(Result, holder.__dict__)


class _ResultHolder:
    """Attribute holder whose __dict__ becomes a result (see _Expander.__call__)."""

    rule_id: str
    title: str
    severity: str
    status: str
    resource_id: str
    resource_type: str
    workspace_id: str
    frameworks: dict[str, list[str]]
    evidence: list[Evidence]
    message: str
    remediation: dict[str, str]
    references: dict[str, list[str]]


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":
        # Workers fork from a server that already imported the engine: cheap to start, and they
        # carry none of the parent's memory (the loaded snapshot). The server itself never loads a
        # module. (The server is started once per process.)
        context.set_forkserver_preload(["scanner.evaluate.wasm_engine", "scanner.evaluate.wasm", "wasmtime", "scanner.evaluate.run"])
    return context


def _crash_results(bundle: PolicyBundle, workspace_id: str, why: str = "the policy engine crashed while evaluating this workspace") -> list[Compact]:
    from scanner.evaluate.outcome import RuleFailure

    failure = RuleFailure(why)
    return [_compact(r) for rule in bundle.rules for r in rule_results(rule, workspace_id, failure)]


def _chunks(payloads: Iterator[Payload], size: int) -> Iterator[list[Payload]]:
    chunk: list[Payload] = []
    for payload in payloads:
        chunk.append(payload)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _guard(context: multiprocessing.context.BaseContext) -> Guard:
    """One guard per scan process (lifeline.py): workers die with it and keep the deadline."""
    global _GUARD
    from scanner.evaluate.lifeline import Guard

    if _GUARD is None or _GUARD.seconds != WORKSPACE_SECONDS:
        _GUARD = Guard(context, WORKSPACE_SECONDS)
    return _GUARD


_Setup = tuple[PolicyBundle, Mapping[str, Any], bytes | None]  # bundle, data document ({} when none), compiled module


def _new_pool(setup: _Setup, workers: int) -> ProcessPoolExecutor:
    try:
        context = _context()
        return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(*setup, _guard(context)))
    except Exception as exc:
        raise RuntimeFailure(f"policy engine workers could not start: {exc}") from None


def _stream(setup: _Setup, payloads: Iterator[Payload], workers: int, chunk_size: int) -> Iterator[tuple[str, Outcome] | Payload]:
    """(workspace_id, outcome) in input order; a workspace lost to a worker crash comes back as
    its payload, to be retried alone (the parent keeps no other copy of any workspace).

    At most `workers * CHUNKS_IN_FLIGHT_PER_WORKER` chunks are submitted at any time. When a worker
    dies, the pool is broken: every chunk in flight is lost and a fresh pool takes the rest of the
    stream.
    """
    chunks = _chunks(payloads, chunk_size)
    limit = workers * CHUNKS_IN_FLIGHT_PER_WORKER
    pool = _new_pool(setup, workers)
    pending: deque[tuple[list[Payload], Future[list[tuple[str, Outcome]]]]] = deque()
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                try:
                    pending.append((chunk, pool.submit(_evaluate_chunk, chunk)))
                except BrokenProcessPool:
                    pending.append((chunk, _failed_future()))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                pass  # handled below
            except Exception:
                # Not a crash (e.g. a workspace that cannot be pickled): retry its workspaces alone,
                # where the one at fault gets error results and the others their verdicts.
                yield from chunk
                continue
            else:
                yield from outcomes
                continue
            # The pool is broken: this chunk and everything in flight died with the worker.
            yield from chunk
            if pending or not exhausted:
                # Everything still in flight died with it; a fresh pool takes over.
                for lost_chunk, _ in pending:
                    yield from lost_chunk
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _new_pool(setup, workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _failed_future() -> Future[Any]:
    future: Future[Any] = Future()
    future.set_exception(BrokenProcessPool("the pool broke before this chunk was submitted"))
    return future


def _retry_alone(setup: _Setup, lost: list[Payload]) -> Iterator[tuple[str, Outcome]]:
    """Each lost workspace again, one at a time in a single worker: a second crash is the culprit."""
    bundle = setup[0]
    pool = _new_pool(setup, 1)
    try:
        guard = _GUARD
        assert guard is not None  # set by _new_pool
        for workspace_id, document in lost:
            guard.reset()
            try:
                yield pool.submit(_evaluate_one, (workspace_id, document)).result()
            except BrokenProcessPool:
                timed_out = guard.timed_out()
                why = f"evaluation took longer than the limit of {WORKSPACE_SECONDS:g} s per workspace; it was stopped" if timed_out else None
                yield workspace_id, _crash_results(bundle, workspace_id, *([why] if why else []))
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _new_pool(setup, 1)
            except Exception as exc:  # e.g. the workspace cannot be sent to a worker (pickling)
                yield workspace_id, _crash_results(bundle, workspace_id, f"the workspace could not be evaluated: {type(exc).__name__}: {exc}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def evaluate_workspaces(
    bundle: PolicyBundle,
    snapshot: SnapshotData,
    data: DataDocument | None = None,
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Result]:
    """All results of all rules on all workspaces of a snapshot (unsorted), yielded as they come."""
    entries = snapshot.get("workspaces", [])
    if not entries:
        return
    # Here, not in the workers: a missing `opa` for custom policies is one clear error before any
    # worker starts, and custom policies are compiled once per scan, not once per worker.
    from scanner.evaluate.wasm_build import module_for

    wasm, _ = module_for(bundle)
    setup: _Setup = (bundle, data or {}, wasm)
    subscriptions = subscription_index(snapshot)
    workers = max(1, min(workers or (os.cpu_count() or 1), len(entries)))
    chunk_size = max(1, min(chunk_size, -(-len(entries) // workers)))  # small scans still use every worker
    expand = _Expander(bundle.rules)
    lost: list[Payload] = []
    too_large: list[tuple[str, Outcome]] = []

    def admitted() -> Iterator[Payload]:
        for entry in entries:
            document = workspace_input(entry, snapshot, subscriptions)
            size = len(json.dumps(document, ensure_ascii=False).encode("utf-8")) if WORKSPACE_BYTES else 0
            if size > WORKSPACE_BYTES:
                why = f"the workspace's input is {size:,} bytes of JSON, over the limit of {WORKSPACE_BYTES:,} bytes per workspace; it was not evaluated"
                too_large.append((str(entry["id"]), _crash_results(bundle, str(entry["id"]), why)))
                continue
            yield str(entry["id"]), document

    payloads = admitted()

    def accept(workspace_id: str, outcome: Outcome) -> Iterator[Result]:
        if isinstance(outcome, str):
            raise UsageError(outcome.removeprefix("COMPILE:"))
        return (expand(compact) for compact in outcome)

    for workspace_id, outcome in _stream(setup, payloads, workers, chunk_size):
        if isinstance(outcome, (list, str)):
            yield from accept(workspace_id, outcome)
        else:  # the workspace's own document: lost to a crash, to be retried alone
            lost.append((workspace_id, outcome))
    # A crash takes every in-flight workspace with it; retry those alone to find the culprit.
    for workspace_id, outcome in _retry_alone(setup, lost) if lost else ():
        yield from accept(workspace_id, outcome)
    for workspace_id, outcome in too_large:
        yield from accept(workspace_id, outcome)
