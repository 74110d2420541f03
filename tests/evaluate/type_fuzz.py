"""Type fuzzing for the rules: every property a rule can read, given a value of every JSON type.

OPA (the reference) stops a rule with an `error` when a builtin meets a value of the wrong type
(`lower(5)`), while the Wasm module's compiled builtins are not strict and give undefined, which can
silently drop one verdict: a false pass. So the rules guard every type, and this corpus proves it:
each base workspace (the fixtures') is copied with a handful of its properties replaced by a value
of another JSON type (null, number, string, boolean, array, object), until every property path of
the base workspaces (and every path a rule names in its evidence) has met every type once. Its
subscription (`input.context.subscription`: activity log alerts) is fuzzed the same way, each copy
in a subscription of its own.

Only copies the scanner accepts are kept (snapshot schema, ARM's types for typed properties): those
are the inputs a rule can meet. Resource ids (`id`) are left alone: a verdict names its resource by
id, and one without a string id is refused by the scanner (an `error` naming the rule), not judged.
Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scanner.snapshot.canonical import CanonicalError, canonical_entry, canonical_snapshot_top
from scanner.snapshot.load import fast_entry_validator, fast_snapshot_validator
from tests.evaluate.mutated import value_paths

ROOT = Path(__file__).resolve().parent.parent.parent
SUBSCRIPTION = "@subscription"  # first path element of a path into the workspace's subscription

# One or more values per JSON type; the n-th path meeting a type gets the n-th value (round robin).
TYPE_VALUES: dict[str, list[Any]] = {
    "null": [None],
    "number": [0, -1, 2.5, 1e21, 2**70, 30],
    "string": ["", "x", "Disabled", " enabled ", "null", "West Europe", "prod,dev", "*"],
    "boolean": [True, False],
    "array": [[], ["x"], [1], [{}], [None]],
    "object": [{}, {"a": 1}, {"properties": None}, {"status": "ok"}],
}
MUTATIONS_PER_COPY = 15
_EVIDENCE_PATH = re.compile(r'"path":\s*"((?:properties|tags|location|sku|identity|kind)(?:\.[A-Za-z0-9_]+)*)"')
_RESOURCE_TYPE = re.compile(r"^#\s+resource_type:\s*(\S+)", re.M)


def base_snapshots() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "fixtures").glob("*.json"))]


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def policy_words(policies: Path) -> set[str]:
    """Every identifier-like word of the policies (comments too): the names a rule can read."""
    words: set[str] = set()
    for file in policies.rglob("*.rego"):
        if not file.name.endswith("_test.rego"):
            words.update(_WORD.findall(file.read_text(encoding="utf-8")))
    return words


def _fuzzable(path: tuple[Any, ...], words: set[str]) -> bool:
    """A path the rules can read: each of its names that looks like a property name is named
    somewhere in the policies. (Keys that are data, not names, are kept: tag names, resource ids,
    list indexes.) Ids are left alone: a verdict names its resource by id."""
    if path[-1] == "id" or path[0] in ("id", "source_locations"):
        return False
    return all(not (isinstance(key, str) and _NAME.match(key)) or key in words for key in path)


def evidence_paths(policies: Path) -> dict[str, list[tuple[str, ...]]]:
    """Paths the rules name in their evidence, by the rule's resource type (lower-cased): many
    properties a rule reads are absent from every base workspace (absent means the default)."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for file in sorted(policies.rglob("*.rego")):
        if file.name.endswith("_test.rego"):
            continue
        text = file.read_text(encoding="utf-8")
        kind = _RESOURCE_TYPE.search(text)
        if kind:
            out.setdefault(kind.group(1).lower(), set()).update(tuple(m.split(".")) for m in _EVIDENCE_PATH.findall(text))
    return {k: sorted(v) for k, v in out.items()}


def _resources(entry: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path of a resource inside the entry, its type lower-cased) for every resource and first items."""
    for name, section in entry.items():
        if not isinstance(section, dict):
            continue
        if isinstance(section.get("resource"), dict):
            yield (name, "resource"), str(section["resource"].get("type", "")).lower()
        items = section.get("items")
        if isinstance(items, list):
            for index, item in enumerate(items[:2]):
                if isinstance(item, dict):
                    yield (name, "items", index), str(item.get("type", "")).lower()
        if name in ("role_assignments", "diagnostic_settings", "locks"):
            for key, sub in section.items():
                for index, item in enumerate((sub.get("items") or [])[:2] if isinstance(sub, dict) else []):
                    if isinstance(item, dict):
                        yield (name, key, "items", index), str(item.get("type", "")).lower()


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Callable[[], None] | None:
    """Sets the value at path (creating objects on the way); returns how to undo it, or None when
    the way passes through a value that is neither an object nor a long enough list."""
    node = root
    for depth, key in enumerate(path[:-1]):
        if isinstance(node, dict) and not isinstance(node.get(key), (dict, list)):
            missing, old = key not in node, node.get(key)
            top, built = node, {}
            node[key] = built
            for inner in path[depth + 1 : -1]:
                built[inner] = {}
                built = built[inner]
            built[path[-1]] = value
            return (lambda: top.pop(key)) if missing else (lambda: top.__setitem__(key, old))  # noqa: B023  (returned at once, never called after the loop moves on)
        if isinstance(node, list) and not (isinstance(key, int) and key < len(node)):
            return None
        node = node[key]
    last = path[-1]
    if isinstance(node, dict):
        missing, old = last not in node, node.get(last)
        node[last] = value
        return (lambda: node.pop(last)) if missing else (lambda: node.__setitem__(last, old))
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        old = node[last]
        node[last] = value
        return lambda: node.__setitem__(last, old)
    return None


def _accepted(entry: dict[str, Any], subscription: dict[str, Any], top: dict[str, Any]) -> bool:
    """What the scanner accepts: the entry and its subscription valid, typed values ARM's types."""
    import fastjsonschema

    try:
        fast_entry_validator()(entry)
        mini = dict(top, subscriptions=[subscription], workspaces=[])
        fast_snapshot_validator()(mini)
        canonical_entry(entry, True)
        canonical_snapshot_top(mini, True)
    except (fastjsonschema.JsonSchemaValueException, CanonicalError):
        return False
    return True


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _mutations(snapshots: list[dict[str, Any]], policies: Path) -> list[tuple[int, tuple[Any, ...], Any]]:
    """(base index, path, value): every path of every base workspace with a value of every type."""
    extra = evidence_paths(policies)
    words = policy_words(policies)
    bases = [(s, e) for s in snapshots for e in s["workspaces"]]
    out: list[tuple[int, tuple[Any, ...], Any]] = []
    counters = dict.fromkeys(TYPE_VALUES, 0)
    for index, (snapshot, entry) in enumerate(bases):
        paths = {p for p in value_paths(entry) if _fuzzable(p, words)}
        for where, kind in _resources(entry):
            paths.update(where + p for p in extra.get(kind, []))
        subscription = _subscription(snapshot, entry)
        if subscription is not None:
            paths.update((SUBSCRIPTION,) + p for p in value_paths(subscription) if p[-1] != "subscription_id" and _fuzzable(p, words))
        for path in sorted(paths, key=repr):
            for kind, values in TYPE_VALUES.items():
                out.append((index, path, values[counters[kind] % len(values)]))
                counters[kind] += 1
    return out


def _subscription(snapshot: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any] | None:
    sub_id = entry["id"].split("/")[2].lower()
    return next((s for s in snapshot.get("subscriptions", []) if str(s.get("subscription_id", "")).lower() == sub_id), None)


def _apply(entry: dict[str, Any], subscription: dict[str, Any], path: tuple[Any, ...], value: Any) -> Callable[[], None] | None:
    if path[0] == SUBSCRIPTION:
        return _set(subscription, path[1:], _copy(value))
    return _set(entry, path, _copy(value))


def fuzzed_snapshot(seed: int = 1, policies: Path | None = None) -> dict[str, Any]:
    """One snapshot holding every fuzzed copy; a copy whose subscription is fuzzed gets its own."""
    snapshots = base_snapshots()
    top = {k: v for k, v in snapshots[0].items() if k not in ("subscriptions", "workspaces")}
    bases = [(s, e) for s in snapshots for e in s["workspaces"]]
    mutations = _mutations(snapshots, policies or ROOT / "policies")
    random.Random(seed).shuffle(mutations)
    accepted: dict[int, list[tuple[tuple[Any, ...], Any]]] = {}
    for index, (snapshot, base) in enumerate(bases):
        # Each mutation alone, applied in place and undone: the ones the scanner accepts stay.
        entry, subscription = _copy(base), _copy(_subscription(snapshot, base) or {})
        for _, path, value in (m for m in mutations if m[0] == index):
            undo = _apply(entry, subscription, path, value)
            if undo is not None:
                if _accepted(entry, subscription, top):
                    accepted.setdefault(index, []).append((path, value))
                undo()
    workspaces: list[dict[str, Any]] = []
    subscriptions: list[dict[str, Any]] = []
    for index, pending in sorted(accepted.items()):
        snapshot, base = bases[index]
        base_sub = _subscription(snapshot, base) or {}
        while pending:
            group, pending = _group(pending)
            entry, subscription = _copy(base), _copy(base_sub)
            for path, value in group:
                _apply(entry, subscription, path, value)
            if not _accepted(entry, subscription, top):  # two mutations that are fine alone
                pending += group[1:]
                entry, subscription = _copy(base), _copy(base_sub)
                _apply(entry, subscription, *group[0])
            number = len(workspaces)
            parts = entry["id"].split("/")
            parts[-1] = f"{parts[-1]}-f{number:05d}"
            if subscription != base_sub:
                # A subscription of its own, so its fuzzed alerts are this copy's context alone.
                parts[2] = subscription["subscription_id"] = _sub_id(number)
                subscriptions.append(subscription)
            entry["id"] = "/".join(parts)
            workspaces.append(entry)
    seen = {s["subscription_id"] for s in subscriptions}
    for snapshot in snapshots:
        for s in snapshot.get("subscriptions", []):
            if s["subscription_id"] not in seen:
                seen.add(s["subscription_id"])
                subscriptions.append(s)
    return dict(top, subscriptions=subscriptions, workspaces=workspaces)


def _group(pending: list[tuple[tuple[Any, ...], Any]]) -> tuple[list[tuple[tuple[Any, ...], Any]], list[tuple[tuple[Any, ...], Any]]]:
    """Up to MUTATIONS_PER_COPY mutations of which none is inside another (one would hide the other)."""
    group: list[tuple[tuple[Any, ...], Any]] = []
    rest: list[tuple[tuple[Any, ...], Any]] = []
    for path, value in pending:
        clash = any(path[: len(p)] == p or p[: len(path)] == path for p, _ in group)
        if len(group) < MUTATIONS_PER_COPY and not clash:
            group.append((path, value))
        else:
            rest.append((path, value))
    return group, rest


def _sub_id(number: int) -> str:
    digest = hashlib.sha256(f"fuzz-{number}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"


def write_fuzzed(output: Path, seed: int = 1, policies: Path | None = None) -> int:
    snapshot = fuzzed_snapshot(seed, policies)
    output.write_text(json.dumps(snapshot, indent=1, sort_keys=True), encoding="utf-8")
    return len(snapshot["workspaces"])
