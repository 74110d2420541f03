"""The policy engines, behind one small interface.

Two engines evaluate the policies, and give the same results (tests/evaluate/test_opa_conformance.py):

- `embedded` (alias `wasm`, the default): the policies compiled by OPA to WebAssembly, run
  in-process by wasmtime in worker processes (scanner/evaluate/run.py, wasm_engine.py);
- `opa`: an OPA server (scanner/evaluate/opa.py), for teams that run OPA centrally.

Each is an `Evaluator` for `run_scan`: given the bundle, the snapshot, the data document
(`{"params": ...}`) and a worker count, it yields every result of every rule on every workspace.
Inside, both evaluate one workspace input at a time through an `Engine`, whose `evaluate` returns
each rule's raw verdicts (or the RuleFailure that becomes an `error` result) by rule package;
`rule_results` turns those into results the same way for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol

from scanner.errors import UsageError
from scanner.evaluate.outcome import RuleFailure

if TYPE_CHECKING:  # the CLI imports this module to build its parser: keep it light
    from scanner.evaluate.catalog import PolicyBundle

ENGINES = ("embedded", "wasm", "opa")  # `--engine` choices; embedded is wasm
DEFAULT_ENGINE = "embedded"

Outcomes = dict[str, list[Any] | RuleFailure]  # rule package -> raw verdicts or failure
Evaluator = Callable[..., Iterable[dict[str, Any]]]  # (bundle, snapshot, data=None, workers=None) -> results


class Engine(Protocol):
    """Every rule of a bundle on one workspace input."""

    def evaluate(self, document: dict[str, Any]) -> Outcomes: ...


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


def embedded_engine(bundle: PolicyBundle, data: dict[str, Any] | None = None, wasm: bytes | None = None) -> Engine:
    """The embedded engine of one process (a worker): the bundle's compiled module, loaded once."""
    from scanner.evaluate.wasm_engine import WasmEngine

    return WasmEngine(bundle, data, wasm)
