"""Generate `canonical_names.json`: ARM's canonical property names (and value types) of every
resource type the rules judge, from public reference data beside the checkout.

    python -m scanner.snapshot.canonical_build [REFERENCE_DIR] [--policies DIR] [--output FILE]

Sources, in order of precedence (the first to name a property fixes its casing and type):
1. `arm-types/Microsoft.MachineLearningServices-*-types.md`: the generated type reference of the
   ML provider (bool, int, enum, object, array, dictionary; discriminated unions merged);
2. `azure-policy/*alias*.json`: Azure Policy aliases resolved to ARM paths (the casing ARM
   answers with, e.g. Application Insights' `DisableLocalAuth`);
3. `arm-examples/**/*.json`: Microsoft's example requests and responses of the other providers
   (the value's JSON type gives the property's type);
4. `canonical_supplement/*.md` beside this module: the providers the reference data has no type
   data for (Cosmos DB, Search, Defender for Cloud pricings, Key Vault keys and secrets, private
   endpoint connections of storage, vaults and registries), names from the public REST API
   reference of the api-version the collector reads, in the type reference's layout;
5. the rules themselves: every evidence path a rule names, under the rule's resource type, typed
   by the evidence's `expected` literal (blob service settings have no reference data).

The reference folder is not shipped, so the table is committed as package data; a test
regenerates it and fails when it is stale.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ML = "microsoft.machinelearningservices/"
# The ML resource types the scanner reads (workspace entry sections, and children a template may add).
ML_TYPES = ("registries", "workspaces", "workspaces/computes", "workspaces/datastores", "workspaces/onlineEndpoints",
            "workspaces/onlineEndpoints/deployments", "workspaces/batchEndpoints", "workspaces/batchEndpoints/deployments",
            "workspaces/connections", "workspaces/privateEndpointConnections", "workspaces/outboundRules")
# Objects whose keys belong to the user, never to ARM: left exactly as written.
FREE_NAMES = {"tags", "userassignedidentities", "webhookproperties", "customproperties", "metadata", "parameters"}
# Credential bags: only their discriminator is ARM's, the rest is the user's secret material.
CREDENTIAL_BAGS = {"credentials"}
ENVELOPE = {"props": {k.lower(): [k, "free" if k == "tags" else "string"] for k in ("id", "name", "type", "location", "kind", "etag", "tags")}}
LEAVES = {"bool": "bool", "int": "int", "string": "string", "any": "any"}
Node = Any  # "bool" | "int" | "string" | "any" | "free" | "?" | {"props": {...}} | {"items": node} | {"values": node}

_PROP = re.compile(r"^\* \*\*(?P<name>[^*]+)\*\*: (?P<type>.*)$")
_REF = re.compile(r"^\[(?P<ref>\w+)\]\(#\w+\)(?P<array>\[\])?")
_PRIM = re.compile(r"^(?P<prim>bool|int|string|any|object)(?P<array>\[\])?")


def merge(a: Node, b: Node) -> Node:
    """Union of two nodes; the first one's names win. Conflicting leaf types become 'any'."""
    if a == "?" or a is None:
        return b
    if b == "?" or b is None or a == b:
        return a
    if a == "free" or b == "free":
        return "free"
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for key in ("items", "values"):
            if key in b:
                out[key] = merge(out.get(key), b[key])
        if "props" in b:
            props = dict(out.get("props") or {})
            for low, (name, node) in b["props"].items():
                props[low] = [props[low][0], merge(props[low][1], node)] if low in props else [name, node]
            out["props"] = props
        return out
    if isinstance(a, dict) or isinstance(b, dict):
        return a if isinstance(a, dict) else b  # an object in one source, a scalar in another: keep the shape
    if "string" in (a, b) and {a, b} <= {"string", "any"}:
        return "any"
    return "any"  # bool in one source, int in another: coerce nothing


# --- the ML provider's type reference ---------------------------------------------------------


def parse_types(text: str) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]], dict[str, str]]:
    """(resources: type -> [(name, spec)], definitions: name -> [(name, spec)], maps: name -> value spec)."""
    resources: dict[str, list[tuple[str, str]]] = {}
    definitions: dict[str, list[tuple[str, str]]] = {}
    maps: dict[str, str] = {}
    current: list[tuple[str, str]] | None = None
    heading = ""
    for line in text.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            current = None
            if heading.startswith("Resource "):
                type_ = heading[len("Resource "):].split("@", 1)[0]
                current = resources.setdefault(type_.lower(), [])
            elif not heading.startswith("Function "):
                current = definitions.setdefault(heading, [])
            continue
        match = _PROP.match(line)
        if not match or current is None:
            continue
        name, spec = match.group("name"), match.group("type")
        if name == "Additional Properties Type":
            maps[heading] = spec
        elif name not in ("Discriminator", "Readable Scope(s)", "Writable Scope(s)"):
            current.append((name, spec))
    return resources, definitions, maps


class _TypeBuilder:
    def __init__(self, definitions: dict[str, list[tuple[str, str]]], maps: dict[str, str]) -> None:
        self.definitions = definitions
        self.maps = maps
        self.stack: list[str] = []

    def spec(self, spec: str, name: str) -> Node:
        if name.lower() in FREE_NAMES:
            return "free"
        array = False
        ref = _REF.match(spec)
        if ref:
            node = self.definition(ref.group("ref"), name)
            array = bool(ref.group("array"))
        elif spec.startswith(("'", "('")):
            node, array = "string", spec.startswith("(") and ")[]" in spec  # enums keep the casing given
        else:
            prim = _PRIM.match(spec)
            node = "any" if not prim else ("free" if prim.group("prim") == "object" else LEAVES[prim.group("prim")])
            array = bool(prim and prim.group("array"))
        return {"items": node} if array else node

    def definition(self, type_name: str, name: str) -> Node:
        if type_name in self.stack:
            return "any"  # recursive type (error details...): no rule reads that deep
        self.stack.append(type_name)
        try:
            if type_name in self.maps:
                return {"values": self.spec(self.maps[type_name], "")}
            props = self.definitions.get(type_name)
            if props is None:
                return "any"
            if name.lower() in CREDENTIAL_BAGS:  # keep the discriminator, leave secrets as written
                return {"props": {n.lower(): [n, "string"] for n, _ in props if n.lower().endswith("type")}}
            return self.object(props)
        finally:
            self.stack.pop()

    def object(self, props: list[tuple[str, str]]) -> Node:
        out: dict[str, Any] = {}
        for name, spec in props:
            node = self.spec(spec, name)
            low = name.lower()
            out[low] = [out[low][0], merge(out[low][1], node)] if low in out else [name, node]
        return {"props": out}


_NOT_PROPERTIES = ("apiVersion", "id", "name", "type")


def ml_tables(types_file: Path) -> dict[str, Node]:
    resources, definitions, maps = parse_types(types_file.read_text("utf-8"))
    builder = _TypeBuilder(definitions, maps)
    out: dict[str, Node] = {}
    for type_ in ML_TYPES:
        props = resources.get((ML + type_).lower())
        if props is not None:
            out[(ML + type_).lower()] = builder.object([p for p in props if p[0] not in _NOT_PROPERTIES])
    return out


SUPPLEMENT = Path(__file__).with_name("canonical_supplement")
SUPPLEMENT_FILES = "Microsoft.*-*.md"  # one provider and api-version a file (README.md says how)


def supplement_tables(folder: Path = SUPPLEMENT) -> dict[str, Node]:
    """Every resource type the supplement files declare (one provider per file, so definition
    names of different providers never meet)."""
    out: dict[str, Node] = {}
    for file in sorted(folder.glob(SUPPLEMENT_FILES)):
        resources, definitions, maps = parse_types(file.read_text("utf-8"))
        builder = _TypeBuilder(definitions, maps)
        for type_, props in sorted(resources.items()):
            node = builder.object([p for p in props if p[0] not in _NOT_PROPERTIES])
            out[type_] = merge(out.get(type_), node)
    return out


# --- Azure Policy aliases and example bodies --------------------------------------------------


def path_node(parts: list[str], leaf: Node) -> Node:
    """A node holding one property path (`properties.a.b[*].c`)."""
    node = leaf
    for part in reversed(parts):
        if part.endswith("[*]"):
            node = {"items": node}
            part = part[:-3]
        if part:
            node = {"props": {part.lower(): [part, "free" if part.lower() in FREE_NAMES else node]}}
    return node


def alias_tables(folder: Path) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for file in sorted(folder.glob("*alias*.json")):
        data = json.loads(file.read_text("utf-8"))
        groups = data.values() if all(isinstance(v, dict) for v in data.values()) else [data]
        for group in groups:
            for alias, arm_path in sorted(group.items()):
                if not isinstance(arm_path, str) or "/" not in alias:
                    continue
                type_ = alias.rsplit("/", 1)[0]
                if "." in type_.split("/", 1)[0].split("Microsoft.", 1)[-1]:
                    continue  # data-plane aliases (Microsoft.MachineLearningServices.Data/...)
                out[type_.lower()] = merge(out.get(type_.lower()), path_node(arm_path.split("."), "?"))
    return out


def _looks_like_map(value: dict[str, Any]) -> bool:
    return any(not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$@.]*", k) or "." in k for k in value)


def value_node(value: Any, name: str = "") -> Node:
    if name.lower() in FREE_NAMES:
        return "free"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, (float, str)) or value is None:
        return "string" if isinstance(value, str) else "?"
    if isinstance(value, list):
        items: Node = "?"
        for item in value:
            items = merge(items, value_node(item))
        return {"items": items}
    if _looks_like_map(value):
        return "free"
    props: dict[str, Any] = {}
    for key, item in value.items():
        low = key.lower()
        props[low] = [props[low][0], merge(props[low][1], value_node(item, key))] if low in props else [key, value_node(item, key)]
    return {"props": props}


def _bodies(example: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for response in (example.get("responses") or {}).values():
        body = (response or {}).get("body")
        if isinstance(body, dict):
            found += [b for b in body.get("value", []) if isinstance(b, dict)] if isinstance(body.get("value"), list) else [body]
    return found


def example_tables(folder: Path) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for file in sorted(folder.rglob("*.json")):
        if file.parent.name in ("machinelearningservices", "resourcegraph"):
            continue  # the ML provider comes from its type reference; Resource Graph rows are not ARM resources
        example = json.loads(file.read_text("utf-8"))
        bodies = _bodies(example)
        types = {b["type"] for b in bodies if isinstance(b.get("type"), str) and "/" in b["type"]}
        if len(types) != 1:
            continue
        type_ = types.pop().lower()
        requests = [v for v in (example.get("parameters") or {}).values() if isinstance(v, dict) and "properties" in v]
        for body in bodies + requests:
            fields = {k: v for k, v in body.items() if k not in ("id", "name", "type", "etag", "systemData")}
            out[type_] = merge(out.get(type_), value_node(fields))
    return out


# --- what the rules name ----------------------------------------------------------------------

_RULE_TYPE = re.compile(r"^#\s+resource_type:\s*(\S+)", re.M)
_EVIDENCE = re.compile(r'"path":\s*"(?P<path>(?:properties|sku|identity|kind)\.[A-Za-z0-9_.]+)"[^{}]*?"expected":\s*(?P<expected>true|false|-?\d+\b|")')


def rule_tables(policies: Path) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for file in sorted(policies.rglob("*.rego")):
        if file.name.endswith("_test.rego"):
            continue
        text = file.read_text("utf-8")
        kind = _RULE_TYPE.search(text)
        if not kind:
            continue
        for match in _EVIDENCE.finditer(text):
            expected = match.group("expected")
            leaf = "bool" if expected in ("true", "false") else ("string" if expected == '"' else "int")
            type_ = kind.group(1).lower()
            out[type_] = merge(out.get(type_), path_node(match.group("path").split("."), leaf))
    return out


def build(reference: Path, policies: Path) -> dict[str, Any]:
    tables: dict[str, Node] = {}
    types_files = sorted((reference / "arm-types").glob("Microsoft.MachineLearningServices-*-types.md"))
    sources = [ml_tables(types_files[-1])] if types_files else []
    sources += [alias_tables(reference / "azure-policy"), example_tables(reference / "arm-examples"), supplement_tables(), rule_tables(policies)]
    for source in sources:
        for type_, node in source.items():
            tables[type_] = merge(tables.get(type_), node)
    for type_ in tables:  # every resource shares ARM's envelope
        tables[type_] = merge(tables[type_], ENVELOPE)
    return {"comment": "generated by python -m scanner.snapshot.canonical_build; do not edit", "types": dict(sorted(tables.items()))}


def render(table: dict[str, Any]) -> str:
    return json.dumps(table, sort_keys=True, indent=1) + "\n"  # one name per line: reviewable diffs


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", nargs="?", default=str(root.parent / "shared" / "reference"))
    parser.add_argument("--policies", default=str(root / "policies"))
    parser.add_argument("--output", default=str(Path(__file__).with_name("canonical_names.json")))
    args = parser.parse_args(argv)
    reference = Path(args.reference)
    if not (reference / "arm-types").is_dir():
        print(f"{reference}: no arm-types folder (expected ../shared/reference)", file=sys.stderr)
        return 2
    Path(args.output).write_text(render(build(reference, Path(args.policies))), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
