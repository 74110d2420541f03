"""Waivers from `amlscan.yaml`: accepted risks with justification, approver and expiry.

A waiver matches a result by rule id (or glob) and resource id (or glob, case-insensitive). Within
its validity (through the `expires` day, compared with the scan's `--as-of` date) a fail or unknown
result becomes `waived` and carries the waiver; after it, the result keeps its status and carries
the waiver with `expired: true`, so the report shows what lapsed. The date comes from the command
line, never the clock inside this module, so reports are byte-identical for the same inputs.

A waiver whose rule matches no rule of the policy bundle is refused (exit 2): a typo would otherwise
waive nothing, silently. A waiver that matches no result to waive, and one that has expired, are
warnings: printed on stderr and listed in every report (`document["waivers"]["warnings"]`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase, translate
from typing import Any

from scanner.errors import UsageError
from scanner.evaluate.document import Result, ResultsDocument, WaiverWarning
from scanner.evaluate.results import summarize

WAIVABLE = ("fail", "unknown")


@dataclass(frozen=True)
class Waiver:
    rule: str
    resource: str
    justification: str
    approver: str
    expires: dt.date
    where: str = "$.waivers[0]"  # its place in the configuration, to name it in messages
    _rule: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _resource: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # compiled once: a scan of 10,000 workspaces checks each waiver against ~600,000 results
        object.__setattr__(self, "_rule", re.compile(translate(self.rule.upper())))
        object.__setattr__(self, "_resource", re.compile(translate(self.resource.lower())))

    def matches(self, result: Result) -> bool:
        return bool(self._rule.match(result["rule_id"].upper()) and self._resource.match(result["resource_id"].lower()))

    def label(self) -> str:
        return f"{self.where} ({self.rule} on {self.resource})"


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
        waivers.append(Waiver(str(item["rule"]), str(item["resource"]), str(item["justification"]).strip(), str(item.get("approver", "")), expires, path))
    return waivers


def check_waiver_rules(waivers: list[Waiver], rule_ids: Iterable[str], where: str) -> None:
    """Refuse a waiver whose rule (or glob) names no rule of the policy bundle."""
    known = sorted({r.upper() for r in rule_ids})
    for waiver in waivers:
        if not any(fnmatchcase(rule_id, waiver.rule.upper()) for rule_id in known):
            raise UsageError(
                f"{where}: waiver rejected at {waiver.where}.rule: {waiver.rule!r} matches no rule of the policy bundle "
                "(rule ids look like AML-NET-001; `amlscan rules` lists them)"
            )


def parse_as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)") from None


def apply_waivers(document: ResultsDocument, waivers: list[Waiver], as_of: dt.date) -> ResultsDocument:
    """Mark waived and expired-waiver results in place; recount the summary; list the warnings."""
    applied = expired = 0
    used = [0] * len(waivers)  # results each waiver applies to (or would, had it not expired)
    seen = [False] * len(waivers)  # matches some result, whatever its status
    for result in document["results"]:
        if result["status"] not in WAIVABLE:
            for i, waiver in enumerate(waivers):
                if not seen[i] and waiver.matches(result):
                    seen[i] = True
            continue
        index = next((i for i, w in enumerate(waivers) if w.matches(result)), None)
        if index is None:
            continue
        waiver = waivers[index]
        used[index] += 1
        seen[index] = True
        lapsed = as_of > waiver.expires
        result["waiver"] = {"justification": waiver.justification, "approver": waiver.approver, "expires": waiver.expires.isoformat(), "expired": lapsed}
        if lapsed:
            expired += 1
        else:
            result["status"] = "waived"
            applied += 1
    summary = document["summary"]
    document["summary"] = summarize(document["results"], document["rules"], summary["workspaces"])
    document["waivers"] = {
        "as_of": as_of.isoformat(), "configured": len(waivers), "applied": applied, "expired": expired,
        "warnings": waiver_warnings(waivers, used, seen, as_of),
    }
    return document


def waiver_warnings(waivers: list[Waiver], used: list[int], seen: list[bool], as_of: dt.date) -> list[WaiverWarning]:
    """One warning per expired waiver and per waiver with nothing to waive, in configuration order."""
    warnings: list[WaiverWarning] = []

    def warning(waiver: Waiver, kind: str, message: str) -> WaiverWarning:
        return {"waiver": waiver.where, "rule": waiver.rule, "resource": waiver.resource, "expires": waiver.expires.isoformat(), "kind": kind, "message": message}

    for waiver, count, matched in zip(waivers, used, seen):
        if as_of > waiver.expires:
            counted = f"its {count} result(s) count again" if count else "it matches no fail or unknown result either"
            warnings.append(warning(waiver, "expired", f"waiver {waiver.label()} expired on {waiver.expires.isoformat()}: {counted}"))
        elif not count:
            why = ("it matches only results that pass: remove it" if matched
                   else "it matches no result: check the rule and resource (or the resource is gone)")
            warnings.append(warning(waiver, "unmatched", f"waiver {waiver.label()} waives nothing: {why}"))
    return warnings
