"""`results.json`: the machine-readable results, a public contract (schemas/results-v1.schema.json)."""

from __future__ import annotations

from typing import Any

from scanner.fileio import dumps_stable


def render(document: dict[str, Any]) -> str:
    # One result (and one rule) per line: fast to write at scale, and a line diff of two reports
    # lines up result by result.
    return dumps_stable(document, depth=2)
