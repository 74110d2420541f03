"""Progress of long work on stderr, only when stderr is a terminal: CI logs stay quiet.

Built on `rich` (transient bars that vanish when done). `evaluating(...)` wraps an evaluator so
each workspace whose results come back advances the bar; `writing(...)` advances per report.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator


def wanted(quiet: bool = False) -> bool:
    return not quiet and sys.stderr.isatty()


@contextmanager
def bar(label: str, total: int, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A transient progress bar; yields `advance(description)`."""
    if not enabled:
        yield lambda description="": None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=total)
        yield lambda description="": progress.update(task, advance=1, description=description)


def evaluating(evaluate: Callable[..., Iterable[dict[str, Any]]], total: int, enabled: bool) -> Callable[..., Iterable[dict[str, Any]]]:
    """The evaluator, advancing a bar per workspace as its results arrive (they come per workspace)."""
    if not enabled:
        return evaluate

    def run(*args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        seen: set[str] = set()
        with bar("evaluating", total, True) as advance:
            for result in evaluate(*args, **kwargs):
                workspace = result["workspace_id"]
                if workspace not in seen:
                    seen.add(workspace)
                    advance(workspace.rsplit("/", 1)[-1])
                yield result

    return run
