"""Write resources the way people write them: every property name the canonical table knows in a
random casing, booleans and integers as strings. Rule results must not change (tests/iac)."""

from __future__ import annotations

import random
from typing import Any

from scanner.snapshot.canonical import (
    LIST_SECTIONS,
    MAP_SECTIONS,
    RESOURCE_MAP_SECTIONS,
    RESOURCE_SECTIONS,
    ROLE_ITEM,
    ROLE_MAP_SECTIONS,
    map_item_type,
    table,
)


def _case(name: str, rng: random.Random) -> str:
    for _ in range(5):
        new = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)
        if new != name:
            return new
    return name.swapcase() if name.swapcase() != name else name


def _stringified(value: Any, kind: str, rng: random.Random) -> Any:
    if kind == "bool" and isinstance(value, bool):
        return rng.choice(["true", "True", "TRUE"]) if value else rng.choice(["false", "False", "FALSE"])
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def recase(value: Any, node: Any, rng: random.Random, counts: dict[str, int], top: bool = False) -> Any:
    """`value` with the names `node` knows re-cased and its typed scalars stringified."""
    if isinstance(node, str):
        new = _stringified(value, node, rng)
        if new is not value:
            counts["values"] += 1
        return new
    if node is None:
        return value
    if isinstance(value, dict):
        props = node.get("props")
        if props is not None:
            out = {}
            for key, item in value.items():
                entry = props.get(key.lower())
                if entry is None or (top and key in ("id", "name", "type")):
                    out[key] = item  # unknown names keep their casing; ARM's envelope is not a property
                    continue
                counts["names"] += 1
                out[_case(key, rng)] = recase(item, entry[1], rng, counts)
            return out
        if node.get("values") is not None:
            return {k: recase(v, node["values"], rng, counts) for k, v in value.items()}
    if isinstance(value, list) and isinstance(node, dict) and node.get("items") is not None:
        return [recase(v, node["items"], rng, counts) for v in value]
    return value


def recase_resource(type_: str, resource: Any, rng: random.Random, counts: dict[str, int]) -> Any:
    return recase(resource, table().get(str(type_).lower()), rng, counts, top=True)


def recase_entry(entry: dict[str, Any], rng: random.Random, counts: dict[str, int]) -> dict[str, Any]:
    """A snapshot workspace or subscription entry, section by section."""
    out = dict(entry)
    for key, section in entry.items():
        if not isinstance(section, dict):
            continue
        if key in RESOURCE_SECTIONS and isinstance(section.get("resource"), dict):
            out[key] = {**section, "resource": recase_resource(RESOURCE_SECTIONS[key], section["resource"], rng, counts)}
        elif key in LIST_SECTIONS and isinstance(section.get("items"), list):
            out[key] = {**section, "items": [recase_resource(LIST_SECTIONS[key], i, rng, counts) for i in section["items"]]}
        elif key in MAP_SECTIONS:
            out[key] = {k: {**s, "items": [recase_resource(map_item_type(key, k), i, rng, counts) for i in s.get("items") or []]}
                        for k, s in section.items()}
        elif key in RESOURCE_MAP_SECTIONS:
            out[key] = {k: {**s, "resource": recase_resource(RESOURCE_MAP_SECTIONS[key], s["resource"], rng, counts)}
                        if isinstance(s.get("resource"), dict) else s for k, s in section.items()}
        elif key in ROLE_MAP_SECTIONS:
            out[key] = {k: {**s, "items": [{**i, **{f: recase_resource(t, i[f], rng, counts) for f, t in ROLE_ITEM.items() if isinstance(i.get(f), dict)}}
                                           for i in s.get("items") or []]} for k, s in section.items()}
    return out


def recase_template(template: Any, rng: random.Random, counts: dict[str, int]) -> Any:
    """An ARM template with every declared resource's known property names re-cased (expressions
    are left as written; only literal booleans and integers become strings)."""
    if isinstance(template, dict):
        out = {}
        for key, value in template.items():
            if key == "resources":
                items = value.items() if isinstance(value, dict) else enumerate(value)
                done = {k: _resource(v, rng, counts, "") for k, v in items}
                out[key] = done if isinstance(value, dict) else [done[i] for i in range(len(value))]
            else:
                out[key] = value
        return out
    return template


def _resource(raw: Any, rng: random.Random, counts: dict[str, int], parent: str) -> Any:
    if not isinstance(raw, dict):
        return raw
    type_ = str(raw.get("type", ""))
    if parent and "." not in type_.split("/")[0]:
        type_ = f"{parent}/{type_}"  # a nested child resource: its type is relative to the parent's
    node = table().get(type_.lower())
    out = dict(raw)
    for field in ("properties", "sku", "identity", "kind"):
        if node is not None and field in raw:
            out[field] = recase(raw[field], node["props"].get(field, [None, None])[1], rng, counts)
    if isinstance(raw.get("properties"), dict) and isinstance(raw["properties"].get("template"), dict):
        out["properties"] = {**raw["properties"], "template": recase_template(raw["properties"]["template"], rng, counts)}
    if isinstance(raw.get("resources"), list):
        out["resources"] = [_resource(child, rng, counts, type_) for child in raw["resources"]]
    return out
