"""`--baseline previous/results.json`: which results are new since the last accepted scan.

A result is `unchanged` when the baseline holds the same rule, resource (case-insensitive) and
status, else `new`; only new results can fail the gate. Baseline results that are not fail or
unknown any more are listed as `absent` under `document["baseline"]["absent"]` (they are not part
of `results`, so counts and the gate stay about the current state).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, cast

from scanner.errors import UsageError
from scanner.evaluate.document import Result, ResultsDocument

TRACKED = ("fail", "unknown", "waived")
FINDINGS = ("fail", "unknown")  # what new / unchanged / fixed count


def _key(result: Result) -> tuple[str, str]:
    return result["rule_id"], result["resource_id"].lower()


def load_baseline(path: str) -> tuple[list[Result], str]:
    file = Path(path)
    try:
        raw = file.read_bytes()
        data = json.loads(raw.decode("utf-8-sig"))
    except OSError as exc:
        raise UsageError(f"{file.as_posix()}: cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UsageError(f"{file.as_posix()}: baseline is not valid JSON: {exc}") from None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise UsageError(f"{file.as_posix()}: not an amlscan results.json (expected results[] with rule_id, resource_id, status)")
    _check_results(data, file.as_posix())
    return cast(list[Result], results), hashlib.sha256(raw).hexdigest()  # each checked against the schema's result


def _check_results(data: dict[str, Any], where: str) -> None:
    """A baseline's results are used as results (SARIF lists the absent ones): each must have the
    shape results-v1.schema.json gives a result, or it is refused here rather than crash later."""
    from importlib import resources

    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("scanner").joinpath("schemas/results-v1.schema.json").read_text("utf-8"))
    validator = Draft202012Validator({**schema["$defs"]["result"], "$defs": schema["$defs"]})
    for index, result in enumerate(data["results"]):
        error = next(iter(validator.iter_errors(result)), None)
        if error is not None:
            path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
            raise UsageError(f"{where}: baseline result at $.results[{index}]{path}: {error.message}")


def apply_baseline(document: ResultsDocument, path: str) -> ResultsDocument:
    previous, digest = load_baseline(path)
    seen = {(*_key(r), r["status"]) for r in previous}
    current = set()
    for result in document["results"]:
        state = (*_key(result), result["status"])
        current.add(state)
        result["baseline_state"] = "unchanged" if state in seen else "new"
    absent: list[Result] = []
    for result in previous:
        if result["status"] in TRACKED and (*_key(result), result["status"]) not in current:
            gone = result.copy()
            gone.pop("waiver", None)
            gone["baseline_state"] = "absent"
            absent.append(gone)
    absent.sort(key=lambda r: (r["workspace_id"].lower(), r["rule_id"], r["resource_id"].lower()))
    findings = [r["baseline_state"] for r in document["results"] if r["status"] in FINDINGS]
    document["baseline"] = {
        "path": Path(path).as_posix(),
        "sha256": digest,
        "new": findings.count("new"),
        "unchanged": findings.count("unchanged"),
        "fixed": sum(r["status"] in FINDINGS for r in absent),
        "absent": absent,
    }
    return document
