"""Waivers from `amlscan.yaml`: accepted risks with justification, approver and expiry.

A waiver matches a result by rule id (or glob) and resource id (or glob, case-insensitive). Within
its validity (through the `expires` day, compared with the scan's `--as-of` date) a fail or unknown
result becomes `waived` and carries the waiver; after it, the result keeps its status and carries
the waiver with `expired: true`, so the report shows what lapsed. The date comes from the command
line, never the clock inside this module, so reports are byte-identical for the same inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from scanner.errors import UsageError
from scanner.evaluate.results import summarize

WAIVABLE = ("fail", "unknown")


@dataclass(frozen=True)
class Waiver:
    rule: str
    resource: str
    justification: str
    approver: str
    expires: dt.date

    def matches(self, result: dict[str, Any]) -> bool:
        return fnmatchcase(result["rule_id"].upper(), self.rule.upper()) and fnmatchcase(result["resource_id"].lower(), self.resource.lower())


def parse_waivers(raw: Any, where: str) -> list[Waiver]:
    """Check what the JSON Schema cannot (a real calendar date) and build Waiver objects."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise UsageError(f"{where}: invalid configuration at $.waivers: expected a list of waivers")
    waivers = []
    for i, item in enumerate(raw):
        path = f"$.waivers[{i}]"
        if not isinstance(item, dict):
            raise UsageError(f"{where}: invalid configuration at {path}: a waiver must be a mapping")
        for key in ("justification", "expires"):
            if not str(item.get(key) or "").strip():
                raise UsageError(f"{where}: waiver rejected at {path}: no {key} (every waiver needs a justification and an expiry date)")
        try:
            expires = dt.date.fromisoformat(str(item["expires"]))
        except ValueError:
            raise UsageError(f"{where}: waiver rejected at {path}.expires: {item['expires']!r} is not a date (YYYY-MM-DD)") from None
        waivers.append(Waiver(str(item["rule"]), str(item["resource"]), str(item["justification"]).strip(), str(item.get("approver", "")), expires))
    return waivers


def parse_as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)") from None


def apply_waivers(document: dict[str, Any], waivers: list[Waiver], as_of: dt.date) -> dict[str, Any]:
    """Mark waived and expired-waiver results in place; recount the summary."""
    applied = expired = 0
    for result in document["results"]:
        if result["status"] not in WAIVABLE:
            continue
        waiver = next((w for w in waivers if w.matches(result)), None)
        if waiver is None:
            continue
        lapsed = as_of > waiver.expires
        result["waiver"] = {"justification": waiver.justification, "approver": waiver.approver, "expires": waiver.expires.isoformat(), "expired": lapsed}
        if lapsed:
            expired += 1
        else:
            result["status"] = "waived"
            applied += 1
    summary = document["summary"]
    document["summary"] = summarize(document["results"], document["rules"], summary["workspaces"])
    document["waivers"] = {"as_of": as_of.isoformat(), "configured": len(waivers), "applied": applied, "expired": expired}
    return document
