"""Redaction of a results document on its way out (reports, history, evidence bundle).

Only what came from the input is judged: each result's message, ids and evidence, the snapshot's
description and a baseline's absent results. The document's own structure is not: its summary
counts a status called `pass`, which as a property name would hold a secret. An evidence value is
judged under the name its path ends in (`properties.adminPassword` -> `adminPassword`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from scanner.redact.names import is_secret_name
from scanner.redact.tree import redact, redact_string

_RESULT_TEXT = ("message", "resource_id", "resource_type", "workspace_id")
# A result or a results document (scanner/evaluate/document.py), or the same read back from the
# history: whatever its type, the redacted copy has the same keys and value types.
Doc = TypeVar("Doc", bound=Mapping[str, Any])


def redact_evidence(item: Any) -> Any:
    if not isinstance(item, dict):
        return redact(item)
    path = item.get("path")
    name = path.rsplit(".", 1)[-1].split("[", 1)[0] if isinstance(path, str) else ""
    out: dict[str, Any] | None = None
    for key, value in item.items():
        new: Any
        if key in ("found", "expected"):
            new = redact(value, under_secret=bool(name) and is_secret_name(name) and not isinstance(value, bool))
        elif isinstance(value, str):
            new = redact_string(value)
        else:
            new = redact(value)
        if new != value:
            out = dict(item) if out is None else out
            out[key] = new
    return item if out is None else out


def redact_result(result: Doc) -> Doc:
    """A result with its input-borne parts redacted; the same object when nothing changed."""
    out: dict[str, Any] | None = None
    for key in _RESULT_TEXT:
        value = result.get(key)
        if isinstance(value, str):
            new = redact_string(value)
            if new != value:
                out = dict(result) if out is None else out
                out[key] = new
    evidence = result.get("evidence")
    if isinstance(evidence, list):
        new_evidence = [redact_evidence(item) for item in evidence]
        if any(a is not b for a, b in zip(new_evidence, evidence)):
            out = dict(result) if out is None else out
            out["evidence"] = new_evidence
    return result if out is None else cast(Doc, out)


def redact_document(document: Doc) -> Doc:
    """The document with every input-borne secret redacted; the same object when nothing changed."""
    out: dict[str, Any] | None = None
    results = document.get("results")
    if isinstance(results, list):
        new_results = None
        for i, result in enumerate(results):
            new = redact_result(result) if isinstance(result, dict) else result
            if new is not result:
                new_results = list(results) if new_results is None else new_results
                new_results[i] = new
        if new_results is not None:
            out = {**document, "results": new_results}
    for key in ("snapshot", "configuration"):
        if isinstance(document.get(key), dict):
            new = redact(document[key])
            if new is not document[key]:
                out = dict(document) if out is None else out
                out[key] = new
    baseline = document.get("baseline")
    if isinstance(baseline, dict) and isinstance(baseline.get("absent"), list):
        absent = [redact_result(r) if isinstance(r, dict) else r for r in baseline["absent"]]
        if any(a is not b for a, b in zip(absent, baseline["absent"])):
            out = dict(document) if out is None else out
            out["baseline"] = {**baseline, "absent": absent}
    return document if out is None else cast(Doc, out)
