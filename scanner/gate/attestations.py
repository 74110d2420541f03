"""Attestations for manual controls: a reviewer's word, with evidence and an expiry date.

Some controls (or parts of controls) no configuration can show: a risk analysis exists, leavers
lose access on their last day. An attestation file (schema `schemas/attestations-v1.schema.json`)
records, per control, the reviewer's verdict (`pass` or `fail`), the evidence link, the reviewer,
the review date and the last day it holds. The results document carries it
(`document["attestations"]`), so the control matrix, OSCAL and the evidence bundle show it:

- a valid `pass` makes a manual-only control `passed`; a valid `fail` fails the control;
- an expired attestation (judged on the scan's `--as-of` date, like waivers) no longer counts: the
  control falls back to `manual`, and the report says the attestation expired.

A control that no framework file defines, a bad date or an expiry before the review date is a
usage error (exit 2) naming the entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from scanner.errors import UsageError
from scanner.evaluate.document import Attestation, Attestations, ResultsDocument


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(resources.files("scanner").joinpath("schemas/attestations-v1.schema.json").read_text("utf-8")))


def _day(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def load_attestations(path: str, controls: dict[str, set[str]], as_of: dt.date) -> Attestations:
    """The attestation file as the results document carries it.

    `controls` maps each framework to its control ids (policies/frameworks/*.yaml).
    """
    from scanner.snapshot.load import json_path

    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise UsageError(f"{file.as_posix()}: cannot read attestations: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"{file.as_posix()}: attestations are not valid YAML or JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("attestations"), list):
        for entry in data["attestations"]:  # YAML reads an unquoted 2026-10-01 as a date: take it as written
            if isinstance(entry, dict):
                entry.update({k: v.isoformat() for k, v in entry.items() if isinstance(v, dt.date)})
    error = next(iter(sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        raise UsageError(f"{file.as_posix()}: invalid attestation at {json_path(list(error.absolute_path))}: {error.message}")
    items: list[Attestation] = []
    seen: set[tuple[str, str]] = set()
    for index, entry in enumerate(data["attestations"]):
        where = f"{file.as_posix()}: attestation at $.attestations[{index}]"
        framework, control = entry["framework"], entry["control"]
        if control not in controls.get(framework, set()):
            raise UsageError(f"{where}: {framework} has no control {control!r} (the controls are in policies/frameworks/{framework}.yaml)")
        if (framework, control) in seen:
            raise UsageError(f"{where}: {framework} control {control} is attested twice")
        seen.add((framework, control))
        reviewed, expires = _day(entry["date"], f"{where}.date"), _day(entry["expires"], f"{where}.expires")
        if expires < reviewed:
            raise UsageError(f"{where}: expires {entry['expires']} is before the review date {entry['date']}")
        item = {key: entry[key] for key in ("framework", "control", "status", "evidence", "reviewer", "date", "expires")}
        if entry.get("note"):
            item["note"] = entry["note"]
        item["expired"] = as_of > expires
        items.append(cast(Attestation, item))  # its fields checked by attestations-v1.schema.json above
    items.sort(key=lambda i: (i["framework"], i["control"]))
    return {"path": file.as_posix(), "sha256": hashlib.sha256(raw).hexdigest(), "as_of": as_of.isoformat(), "items": items}


def attestation_index(document: ResultsDocument) -> dict[tuple[str, str], Attestation]:
    """(framework, control id) -> attestation, for the reports."""
    attestations = document.get("attestations")
    return {(a["framework"], a["control"]): a for a in (attestations.get("items", []) if attestations else [])}
