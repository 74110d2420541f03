"""Terraform plan JSON (`terraform show -json plan.tfplan`) -> snapshot.

Each `resource_changes[]` entry that will exist after apply (every action but a plain delete) is
adapted into ARM shape by `terraform_adapters`, child modules included. Attributes listed in
`after_unknown` are known only after apply and become unresolved, except for resource ids that
the plan's `configuration` shows to be references to another resource in the same plan: those
ids are derived (azurerm ids follow from name, resource group and subscription), so a workspace
created together with its storage account is still linked to it.

The plan JSON carries no `.tf` line numbers, so SARIF points at the resource's entry in the plan.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.iac.arm_expressions import Unresolved
from scanner.iac.arm_template import property_lines, read_json, strip_unresolved
from scanner.iac.assemble import IacResource, assemble
from scanner.iac.terraform_adapters import Adapted, arm_id_for
from scanner.iac.terraform_extensions import ADAPTERS

PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


def _with_unknowns(after: Any, unknown: Any) -> Any:
    if unknown is True:
        return Unresolved("known after apply")
    if after is None and isinstance(unknown, (list, dict)) and unknown:
        after = [] if isinstance(unknown, list) else {}
    if isinstance(after, dict):
        unknown = unknown if isinstance(unknown, dict) else {}
        keys = list(after) + [k for k in unknown if k not in after]
        return {k: _with_unknowns(after.get(k), unknown.get(k)) for k in keys}
    if isinstance(after, list):
        unknown = unknown if isinstance(unknown, list) else []
        length = max(len(after), len(unknown))
        return [_with_unknowns(after[i] if i < len(after) else None, unknown[i] if i < len(unknown) else None) for i in range(length)]
    return after


class _Config:
    """Follows `configuration` references (resources, var., module. outputs) to resource addresses."""

    def __init__(self, configuration: dict[str, Any]) -> None:
        self.root = configuration.get("root_module") or {}

    def module(self, path: list[str]) -> dict[str, Any]:
        module = self.root
        for name in path:
            module = ((module.get("module_calls") or {}).get(name) or {}).get("module") or {}
        return module

    def expression(self, path: list[str], address: str, attribute: str) -> dict[str, Any]:
        """The configuration expression of `attribute`; a dotted name (`encryption.key_id`) is read
        as written, else walks into the first block of each nested block type, as Terraform
        writes nested blocks (`"encryption": [{"key_id": ...}]`)."""
        for resource in self.module(path).get("resources") or []:
            if resource.get("address") == address:
                expressions = resource.get("expressions") or {}
                value: Any = expressions.get(attribute)
                if value is None and "." in attribute:
                    value = expressions
                    for part in attribute.split("."):
                        value = value.get(part) if isinstance(value, dict) else None
                        if isinstance(value, list) and part != attribute.rsplit(".", 1)[-1]:
                            value = value[0] if value else {}
                if isinstance(value, list):
                    value = value[0] if value else {}
                return value if isinstance(value, dict) else {}
        return {}

    def target(self, path: list[str], references: list[str], depth: int = 0) -> str | None:
        """The address (with module prefix) of the resource a reference list points at."""
        if depth > 10:
            return None
        for ref in references:
            parts = ref.split(".")
            if parts[0] == "var" and path:
                call = ((self.module(path[:-1]).get("module_calls") or {}).get(path[-1]) or {})
                refs = ((call.get("expressions") or {}).get(parts[1]) or {}).get("references") or []
                found = self.target(path[:-1], refs, depth + 1)
            elif parts[0] == "module" and len(parts) >= 3:
                output = ((self.module(path + [parts[1]]).get("outputs") or {}).get(parts[2]) or {})
                found = self.target(path + [parts[1]], (output.get("expression") or {}).get("references") or [], depth + 1)
            elif parts[0].startswith("azurerm_") and len(parts) >= 2:
                found = "".join(f"module.{m}." for m in path) + f"{parts[0]}.{parts[1].split('[')[0]}"
            else:
                continue
            if found:
                return found
        return None


def _module_path(address: str) -> list[str]:
    parts = address.split(".")
    return [parts[i + 1].split("[")[0] for i in range(len(parts) - 1) if parts[i] == "module"]


def _subscription(configuration: dict[str, Any]) -> str:
    provider = ((configuration.get("provider_config") or {}).get("azurerm") or {}).get("expressions") or {}
    value = (provider.get("subscription_id") or {}).get("constant_value")
    return value if isinstance(value, str) and value else PLACEHOLDER_SUBSCRIPTION


def plan_resources(path: Path) -> list[IacResource]:
    data, positions, _ = read_json(path, "a Terraform plan")
    shown = path.as_posix()
    if not isinstance(data, dict) or "format_version" not in data or "resource_changes" not in data and "planned_values" not in data:
        raise UsageError(f"{shown}: not a Terraform plan: expected the output of `terraform show -json <plan>` (format_version, resource_changes)")
    configuration = data.get("configuration") or {}
    config = _Config(configuration)
    subscription = _subscription(configuration)
    changes = [(i, c) for i, c in enumerate(data.get("resource_changes") or []) if isinstance(c, dict) and c.get("mode", "managed") == "managed"]
    states: dict[str, dict[str, Any]] = {}
    for i, change in changes:
        actions = (change.get("change") or {}).get("actions") or []
        if actions == ["delete"] or change.get("type") not in ADAPTERS:
            continue
        body = change.get("change") or {}
        states[change["address"]] = {"index": i, "type": change["type"], "values": _with_unknowns(body.get("after") or {}, body.get("after_unknown") or {})}
    ids: dict[str, Any] = {}

    def id_of(address: str) -> Any:
        if address not in ids:
            ids[address] = Unresolved("resolving")  # guards against reference cycles
            state = states[address]
            ids[address] = arm_id_for(state["type"], state["values"], lambda attr, v: resolve(address, attr, v), subscription)
        return ids[address]

    def resolve(address: str, attribute: str, value: Any) -> Any:
        """An unknown id attribute that refers to another planned resource gets that resource's id."""
        if not isinstance(value, Unresolved):
            return value
        module = _module_path(address)
        local = ".".join(address.split(".")[-2:]).split("[")[0]
        refs = config.expression(module, local, attribute).get("references") or []
        target = config.target(module, refs)
        return id_of(target) if target in states else value

    out: list[IacResource] = []
    for address, state in states.items():
        adapted: Adapted = ADAPTERS[state["type"]](state["values"], partial(resolve, address), id_of(address))
        unresolved: list[str] = []
        resource = strip_unresolved(adapted.resource, "", unresolved)
        base = ("resource_changes", state["index"])
        start, end = positions.get(base, (1, 1))
        lines: dict[str, int] = {}
        after_path = (*base, "change", "after")
        for arm_path, attribute in adapted.lines.items():
            key = (*after_path, attribute)  # a tuple first: mypy reads x[(*a, b)] as 3.11's x[*a, b]
            if key in positions:
                lines[arm_path] = positions[key][0]
        property_lines(None, positions, after_path, "properties", lines)
        location = {"file": shown, "start_line": start, "end_line": end, "properties": lines}
        out.append(IacResource(resource, unresolved, location, None, adapted.scope, links=dict(adapted.links)))
        for child in adapted.children:
            child_unresolved: list[str] = []
            child_resource = strip_unresolved(child.resource, "", child_unresolved)
            keys = {path: (*after_path, attr) for path, attr in child.lines.items()}
            child_lines = {path: positions[key][0] for path, key in keys.items() if key in positions}
            out.append(IacResource(child_resource, child_unresolved, {**location, "properties": child_lines}))
    return out


def plan_snapshot(path: Path) -> dict[str, Any]:
    return assemble(plan_resources(path), "terraform-plan", path.as_posix())
