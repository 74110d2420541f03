"""The policy engines, behind one interface.

Two engines evaluate the policies and give the same results (tests/evaluate/test_opa_conformance.py):

- `embedded` (alias `wasm`, the default): the policies compiled by OPA to WebAssembly, run
  in-process by wasmtime in worker processes (scanner/evaluate/run.py, wasm_engine.py);
- `opa`: an OPA server (scanner/evaluate/opa.py), for teams that run OPA centrally.

Two levels, each a Protocol (scanner/evaluate/interface.py):

- an `Engine` evaluates every rule of a policy bundle on one workspace input and returns each
  rule's raw verdicts (or the RuleFailure that becomes an `error` result) by rule package:
  `WasmEngine` (one per worker process) and `OpaEngine` (one per scan) implement it;
- an `Evaluator` runs a whole snapshot through an engine and yields every result:
  `run.evaluate_workspaces` (worker processes, limits, crash isolation) for the embedded engine,
  `opa.opa_evaluator(url)` for a server. `evaluator(...)` here picks one for an `--engine` choice.

Both turn raw verdicts into results with the same `results.outcome_results`, so an engine only has
to say what the rules returned. This module imports an engine only when one is chosen: the CLI
reads ENGINES to build its parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from scanner.errors import UsageError

if TYPE_CHECKING:
    from scanner.evaluate.catalog import PolicyBundle
    from scanner.evaluate.interface import Engine, Evaluator

ENGINES = ("embedded", "wasm", "opa")  # `--engine` choices; embedded is wasm
DEFAULT_ENGINE = "embedded"


def evaluator(engine: str = DEFAULT_ENGINE, opa_url: str | None = None, preloaded: bool = False) -> Evaluator:
    """The evaluator for an `--engine` choice; a UsageError for a choice that cannot work."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (engines: {', '.join(ENGINES)})")
    if engine == "opa":
        if not opa_url:
            raise UsageError("--engine opa needs --opa-url URL")
        from scanner.evaluate.opa import opa_evaluator

        return opa_evaluator(opa_url, preloaded=preloaded)
    if opa_url or preloaded:
        raise UsageError("--opa-url and --opa-preloaded need --engine opa")
    from scanner.evaluate.run import evaluate_workspaces

    return evaluate_workspaces


def embedded_engine(bundle: PolicyBundle, data: Mapping[str, Any] | None = None, wasm: bytes | None = None) -> Engine:
    """The embedded engine of one process (a worker): the bundle's compiled module, loaded once."""
    from scanner.evaluate.wasm_engine import WasmEngine

    return WasmEngine(bundle, data, wasm)
