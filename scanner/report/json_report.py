"""`results.json`: the machine-readable results, a public contract (schemas/results-v1.schema.json)."""

from __future__ import annotations

from typing import Any, Iterator

from scanner.fileio import iter_stable


def render(document: dict[str, Any]) -> str:
    return "".join(render_pieces(document))


def render_pieces(document: dict[str, Any]) -> Iterator[str]:
    # One result (and one rule) per line: fast to write at scale, and a line diff of two reports
    # lines up result by result.
    return iter_stable(document, depth=2)
