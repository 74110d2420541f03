"""Mutated workspaces for the engine conformance corpus: the odd corners real snapshots rarely show.

Each workspace is a copy of one from a base snapshot with a few random mutations: optional sections
removed, section statuses changed, properties removed or replaced by values of another type or case
(null, numbers, floats, lists, objects, blank strings, enum names in other cases). Only copies that
still satisfy the snapshot schema and hold no value ARM itself would refuse for a typed property
are kept (the scanner refuses the rest before any engine sees them). Deterministic for a given (base, count, seed).

Differences between engines showed up here first, not in the fixtures or the generated workspaces:
between rego-cpp, the embedded engine before the Wasm one, and OPA (a section missing from the
snapshot, under `not`: docs/benchmark.md), and between OPA's strict builtin errors and the Wasm
module's undefined (docs/writing-rules.md, "Engine limits").
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.snapshot.canonical import CanonicalError, canonical_entry
from scanner.snapshot.load import validate_entry

ODD_VALUES: list[Any] = [
    None, 0, 1, -1, 30.5, 1e21, 2**70, "", "  ", "ENABLED", "Disabled", "disabled", "null", True, False,
    [], ["x"], {}, {"a": 1}, "AllowOnlyApprovedOutbound", "global", "West Europe",
]
SECTIONS = [
    "storage_account", "key_vault", "container_registry", "application_insights", "log_analytics_workspace",
    "cmk_key_vault", "computes", "datastores", "online_endpoints", "connections", "private_endpoint_connections",
    "role_assignments", "diagnostic_settings", "locks", "metric_alerts", "policy_assignments", "blob_service",
    "outbound_rules", "batch_endpoints",
]
STATUSES = ["forbidden", "not_found", "error", "ok"]


def value_paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield prefix + (key,)
            yield from value_paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield prefix + (index,)
            yield from value_paths(item, prefix + (index,))


def mutate(entry: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    copied = copy.deepcopy(entry)
    for _ in range(rnd.randint(1, 6)):
        roll = rnd.random()
        if roll < 0.2:
            copied.pop(rnd.choice(SECTIONS), None)
        elif roll < 0.3:
            section = copied.get(rnd.choice(SECTIONS))
            if isinstance(section, dict) and "status" in section:
                section["status"] = rnd.choice(STATUSES)
        else:
            paths = [p for p in value_paths(copied) if p[0] not in ("id", "source_locations")]
            if not paths:
                continue
            path = rnd.choice(paths)
            node: Any = copied
            for key in path[:-1]:
                node = node[key]
            if isinstance(node, dict) and rnd.random() < 0.3:
                node.pop(path[-1], None)
            else:
                node[path[-1]] = copy.deepcopy(rnd.choice(ODD_VALUES))
    return copied


def write_mutated(base: Path, output: Path, count: int, seed: int) -> int:
    """A snapshot of `count` schema-valid mutated copies of the base snapshot's workspaces."""
    snapshot = json.loads(base.read_text(encoding="utf-8"))
    rnd = random.Random(seed)
    workspaces: list[dict[str, Any]] = []
    while len(workspaces) < count:
        entry = mutate(rnd.choice(snapshot["workspaces"]), rnd)
        entry["id"] = f"{entry['id']}-m{len(workspaces):04d}"  # each copy its own workspace
        try:
            validate_entry(entry, len(workspaces), str(output))
            canonical_entry(entry, True)  # a value ARM itself would reject (a boolean "Disabled")
        except (UsageError, CanonicalError):
            continue
        workspaces.append(entry)
    output.write_text(json.dumps(dict(snapshot, workspaces=workspaces), indent=1, sort_keys=True), encoding="utf-8")
    return len(workspaces)
