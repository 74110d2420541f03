"""`results.json`: the machine-readable results, a public contract (schemas/results-v1.schema.json)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.evaluate.document import ResultsDocument
from scanner.fileio import iter_stable


def render(document: ResultsDocument) -> str:
    return "".join(render_pieces(document))


def render_pieces(document: ResultsDocument) -> Iterator[str]:
    # One result (and one rule) per line: fast to write at scale, and a line diff of two reports
    # lines up result by result.
    return iter_stable(document, depth=2)
