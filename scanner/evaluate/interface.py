"""The interface every policy engine implements (the engines: scanner/evaluate/engine.py).

An `Engine` evaluates every rule of a policy bundle on one workspace input; an `Evaluator` runs a
whole snapshot and yields every result. The engines subclass these Protocols, so the type checker
holds each to the interface.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from scanner.evaluate.catalog import PolicyBundle
    from scanner.evaluate.document import DataDocument, Result
    from scanner.evaluate.outcome import Outcomes
    from scanner.snapshot.model import SnapshotData, WorkspaceInput


class Engine(Protocol):
    """Every rule of a policy bundle on one workspace input."""

    bundle: PolicyBundle  # the rules it evaluates

    def evaluate(self, document: WorkspaceInput) -> Outcomes:
        """Each rule's raw verdicts or failure, keyed by rule package; never raises for a rule's sake."""
        ...


class Evaluator(Protocol):
    """Every result of every rule of `bundle` on every workspace of `snapshot` (any order)."""

    def __call__(self, bundle: PolicyBundle, snapshot: SnapshotData, data: DataDocument | None = None,
                 workers: int | None = None) -> Iterable[Result]: ...
