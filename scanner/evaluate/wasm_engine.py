"""The embedded engine: the policies compiled by OPA to WebAssembly, one evaluation per workspace.

An `Engine` (scanner/evaluate/interface.py), built once per worker from the bundle and the data
document: `evaluate(document)` returns every rule's raw verdicts or RuleFailure, keyed by rule
package.

A workspace costs one `opa_eval` of the generated `amlscan/main/results` entrypoint, which gathers
every rule's results (measured on the fixtures: ~1.5 ms of CPU for all 58 rules, input and output
included). When that fails (an abort, a builtin error, an undefined rule: Rego makes the whole
object undefined then), the workspace is evaluated again rule by rule through each rule's own
entrypoint, so the failure lands on the rule that caused it and every other rule keeps its verdict,
as on an OPA server.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from scanner.errors import UsageError
from scanner.evaluate.catalog import PolicyBundle
from scanner.evaluate.interface import Engine
from scanner.evaluate.outcome import MAIN_ENTRYPOINT, Outcome, Outcomes, RuleFailure, as_outcome, rule_entrypoint

if TYPE_CHECKING:
    from scanner.snapshot.model import WorkspaceInput

UNDEFINED = "the rule's results are undefined"


class WasmEngine(Engine):
    """Loaded once per process; `evaluate` runs every rule on one workspace input."""

    def __init__(self, bundle: PolicyBundle, data: Mapping[str, Any] | None = None, wasm: bytes | None = None) -> None:
        import wasmtime

        from scanner.evaluate.wasm import EvaluationFailed, WasmError, WasmPolicy
        from scanner.evaluate.wasm_build import module_for
        from scanner.evaluate.wasm_builtins import HOST_BUILTINS

        self.bundle = bundle
        self.packages = sorted(rule.package for rule in bundle.rules)
        if wasm is None:
            wasm, _ = module_for(bundle)
        engine = wasmtime.Engine()
        try:
            module = wasmtime.Module(engine, wasm)
            self.policy = WasmPolicy(engine, module, {"amlscan": data or {}}, HOST_BUILTINS)
        except WasmError as exc:
            raise UsageError(f"policy error: {exc}; scan on an OPA server (--engine opa) instead") from None
        except EvaluationFailed as exc:  # e.g. the data document (parameters) cannot be loaded
            raise UsageError(f"policy error: the compiled policy module cannot start: {exc}") from None
        except (wasmtime.WasmtimeError, wasmtime.Trap) as exc:
            raise UsageError(f"policy error: the compiled policy module cannot be loaded: {str(exc).splitlines()[0]}") from None
        missing = [p for p in self.packages if rule_entrypoint(p) not in self.policy.entrypoints]
        if MAIN_ENTRYPOINT not in self.policy.entrypoints or missing:
            raise UsageError(f"policy error: the compiled policy module lacks entrypoints for {', '.join(missing) or MAIN_ENTRYPOINT}")

    def evaluate(self, document: WorkspaceInput) -> Outcomes:
        """Every rule's raw results for one input, keyed by rule package."""
        from scanner.evaluate.wasm import EvaluationFailed

        text = json.dumps(document, separators=(",", ":"), allow_nan=False).encode()
        try:
            result_set = self.policy.evaluate(MAIN_ENTRYPOINT, text)
        except EvaluationFailed:
            result_set = []
        value = result_set[0].get("result") if result_set and isinstance(result_set[0], dict) else None
        if isinstance(value, dict) and all(isinstance(value.get(p), list) for p in self.packages):
            return {package: value[package] for package in self.packages}
        return {package: self._rule(package, text) for package in self.packages}

    def _rule(self, package: str, text: bytes) -> Outcome:
        from scanner.evaluate.wasm import EvaluationFailed

        try:
            result_set = self.policy.evaluate(rule_entrypoint(package), text)
        except EvaluationFailed as exc:
            return RuleFailure(f"engine error: {exc}")
        if not result_set:
            return RuleFailure(UNDEFINED)
        first = result_set[0]
        if not isinstance(first, dict) or "result" not in first:
            return RuleFailure(f"unexpected engine output shape: {json.dumps(result_set)[:200]}")
        return as_outcome(first["result"], None)
