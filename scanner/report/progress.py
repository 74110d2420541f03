"""Progress of long work on stderr, only when stderr is a terminal: CI logs stay quiet.

Built on `rich` (transient bars that vanish when done). `evaluating(...)` wraps an evaluator so
each workspace whose results come back advances the bar; `bar(...)` advances per step (a report written).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.evaluate.catalog import PolicyBundle
    from scanner.evaluate.document import DataDocument, Result
    from scanner.evaluate.interface import Evaluator
    from scanner.snapshot.model import SnapshotData


def wanted(quiet: bool = False) -> bool:
    return not quiet and sys.stderr.isatty()


@contextmanager
def bar(label: str, total: int, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A transient progress bar; yields `advance(description)`."""
    if not enabled:
        yield _ignore
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=total)

        def advance(description: str = "") -> None:
            progress.update(task, advance=1, description=description)

        yield advance


def _ignore(description: str = "") -> None:
    pass


def evaluating(evaluate: Evaluator, total: int, enabled: bool) -> Evaluator:
    """The evaluator, advancing a bar per workspace as its results arrive (they come per workspace)."""
    if not enabled:
        return evaluate

    def run(bundle: PolicyBundle, snapshot: SnapshotData, data: DataDocument | None = None, workers: int | None = None) -> Iterator[Result]:
        seen: set[str] = set()
        with bar("evaluating", total, True) as advance:
            for result in evaluate(bundle, snapshot, data, workers):
                workspace = result["workspace_id"]
                if workspace not in seen:
                    seen.add(workspace)
                    advance(workspace.rsplit("/", 1)[-1])
                yield result

    return run
