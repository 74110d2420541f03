"""Section builders: every part of a snapshot records how its collection went."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from scanner.collect.arm import ArmClient, ArmError
from scanner.redact import redact, redact_text
from scanner.snapshot.model import Section

T = TypeVar("T")


def failed(status: str, api_version: str | None, message: str, *, resource_id: str | None = None, kind: str = "list") -> Section:
    section: Section = {"status": status, "api_version": api_version, "message": redact_text(message)}
    if kind == "resource":
        section["resource"] = None
        section["resource_id"] = resource_id
    else:
        section["items"] = []
    return section


def from_error(exc: ArmError, api_version: str | None, *, resource_id: str | None = None, kind: str = "list") -> Section:
    return failed(exc.status, api_version, exc.message, resource_id=resource_id, kind=kind)


def nothing_linked(api_version: str | None) -> Section:
    return {"status": "ok", "api_version": api_version, "resource": None, "resource_id": None}


def resource_section(client: ArmClient, resource_id: str, api_version: str) -> Section:
    try:
        body = client.get_json(resource_id, api_version)
    except ArmError as exc:
        return from_error(exc, api_version, resource_id=resource_id, kind="resource")
    if not isinstance(body, dict) or not isinstance(body.get("id"), str) or not isinstance(body.get("type"), str):
        return failed("error", api_version, "response is not an ARM resource (no id or type)", resource_id=resource_id, kind="resource")
    return {"status": "ok", "api_version": api_version, "resource": redact(body), "resource_id": resource_id}


def list_section(
    client: ArmClient,
    path: str,
    api_version: str,
    params: dict[str, str] | None = None,
    transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Section:
    try:
        items, note = client.list_items(path, api_version, params)
    except ArmError as exc:
        return from_error(exc, api_version)
    objects = [item for item in items if isinstance(item, dict)]
    if transform:
        objects = [transform(item) for item in objects]
    section: Section = {"status": "ok", "api_version": api_version, "items": redact(objects)}
    if note:
        section["message"] = note
    return section


def dependent_failure(parent: Section, what: str, api_version: str | None, kind: str = "list") -> Section:
    """A section that could not be tried because the resource it belongs to could not be read."""
    status = parent.get("status", "error")
    return failed(status, api_version, f"{what}: {parent.get('message') or status}", resource_id=parent.get("resource_id"), kind=kind)


@dataclass
class Cache:
    """A thread-safe memo for lookups shared by workspaces (role definitions, subscription lists)."""

    _values: dict[str, Any] = field(default_factory=dict)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """The value under `key` (case-insensitive), computed once; `compute` of one key always
        returns the same type, so the memo's values are that type."""
        key = key.lower()
        with self._guard:
            if key in self._values:
                return cast(T, self._values[key])
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._values:
                    return cast(T, self._values[key])
            value = compute()
            with self._guard:
                self._values[key] = value
            return value
