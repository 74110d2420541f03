"""What each Azure Policy assignment actually applies: initiatives expanded, effects and parameters resolved.

For an assignment of a policy definition, one entry; for an assignment of a policy set definition
(initiative), one entry per member definition. Each entry resolves the member's parameters the way
Azure Policy does:

- an assignment of a definition: the assignment's value, else the definition's `defaultValue`;
- an assignment of a set: the member reference's value in the set (`policyDefinitions[].parameters`),
  which is a literal or `[parameters('x')]` naming a set parameter, itself the assignment's value or
  the set's `defaultValue`; absent from the reference, the member definition's `defaultValue`;
- the effect is the definition's `policyRule.then.effect`: a literal, or `[parameters('p')]`
  resolved as above; an assignment `overrides` entry of kind `policyEffect` replaces it for the
  members its `policyDefinitionReferenceId` selectors pick.

Anything else (another template expression, an override selector of another kind, a definition
that could not be read) is not guessed: the entry says what stayed unresolved and its effect is null
when the effect is among it. Parameter names compare case-insensitively, as in ARM.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_PARAM_REF = re.compile(r"^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$", re.I)
_MISSING = object()

Lookup = Callable[[str], dict[str, Any] | None]


def _ci(mapping: Any, name: str) -> Any:
    """mapping[name] with ARM's case-insensitive names; _MISSING when absent."""
    if not isinstance(mapping, dict):
        return _MISSING
    if name in mapping:
        return mapping[name]
    low = name.lower()
    return next((v for k, v in mapping.items() if isinstance(k, str) and k.lower() == low), _MISSING)


def _expression(value: Any) -> tuple[str, Any]:
    """('literal', value) | ('parameter', name) | ('expression', text) for an ARM template string."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("[["):
            return "literal", value[value.index("[") + 1 :]  # an escaped literal "[..."
        match = _PARAM_REF.match(text)
        if match:
            return "parameter", match.group(1)
        if text.startswith("[") and text.endswith("]"):
            return "expression", text
    return "literal", value


def _assigned(assignment_params: Any, name: str) -> Any:
    entry = _ci(assignment_params, name)
    return entry.get("value", _MISSING) if isinstance(entry, dict) else _MISSING


def _default(parameter_defs: Any, name: str) -> Any:
    spec = _ci(parameter_defs, name)
    return spec.get("defaultValue", _MISSING) if isinstance(spec, dict) else _MISSING


def _is_set(definition: dict[str, Any] | None, definition_id: str) -> bool:
    kind = str((definition or {}).get("type") or definition_id)
    return "policysetdefinitions" in kind.lower()


def _effect_override(assignment: dict[str, Any], reference_id: str | None) -> tuple[Any, str | None]:
    """(value, None) of the policyEffect override that picks this member, (_MISSING, None) when none
    does, (_MISSING, why) when an override's selectors cannot be judged here."""
    chosen: Any = _MISSING
    for override in (assignment.get("properties") or {}).get("overrides") or []:
        if not isinstance(override, dict) or str(override.get("kind", "")).lower() != "policyeffect":
            continue
        picks = True
        for selector in override.get("selectors") or []:
            if not isinstance(selector, dict):
                continue
            if str(selector.get("kind", "")).lower() != "policydefinitionreferenceid":
                return _MISSING, f"effect override selector of kind {selector.get('kind')!r}"
            ref = (reference_id or "").lower()
            ins = [str(v).lower() for v in selector.get("in") or []]
            not_ins = [str(v).lower() for v in selector.get("notIn") or []]
            if (selector.get("in") is not None and ref not in ins) or ref in not_ins:
                picks = False
        if picks:
            chosen = override.get("value")
    return chosen, None


def _member_entry(definition_id: str, definition: dict[str, Any] | None, reference_id: str | None,
                  values: Callable[[str], tuple[Any, str | None, str | None]], assignment: dict[str, Any]) -> dict[str, Any]:
    """One resolved entry; `values(name)` gives (value, source, why-unresolved) for a member parameter."""
    entry: dict[str, Any] = {"policy_definition_id": definition_id, "reference_id": reference_id, "display_name": None,
                             "policy_type": None, "mode": None, "effect": None, "effect_source": None, "parameters": {},
                             "unresolved": []}
    if not isinstance(definition, dict):
        entry["unresolved"].append("the policy definition could not be read")
        return entry
    props = definition.get("properties") or {}
    entry.update(display_name=props.get("displayName"), policy_type=props.get("policyType"), mode=props.get("mode"))
    if str(props.get("policyType", "")).lower() == "custom":
        entry["policy_rule"] = props.get("policyRule")  # built-ins are known by their id; a custom rule says what it does
    sources: dict[str, str] = {}
    for name in sorted(props.get("parameters") or {}, key=str.lower):
        value, source, why = values(name)
        if why:
            entry["unresolved"].append(f"parameter {name}: {why}")
        else:
            entry["parameters"][name] = value
            sources[name.lower()] = source or ""
    kind, effect = _expression(((props.get("policyRule") or {}).get("then") or {}).get("effect"))
    if kind == "literal" and isinstance(effect, str):
        entry.update(effect=effect, effect_source="definition")
    elif kind == "parameter" and _ci(entry["parameters"], effect) is not _MISSING:
        entry.update(effect=_ci(entry["parameters"], effect), effect_source=sources.get(effect.lower()))
    else:
        entry["unresolved"].append(f"effect: {effect!r}")
    override, why = _effect_override(assignment, reference_id)
    if why:
        entry.update(effect=None, effect_source=None)
        entry["unresolved"].append(why)
    elif override is not _MISSING:
        entry.update(effect=override, effect_source="assignment override")
    if entry["effect"] is not None and not isinstance(entry["effect"], str):
        entry.update(effect=None, effect_source=None)
        entry["unresolved"].append("effect is not a string")
    return entry


def resolve_assignment(assignment: dict[str, Any], lookup: Lookup) -> list[dict[str, Any]]:
    """The entries of one assignment (see the module docstring); `lookup(id)` gives a definition or None."""
    props = assignment.get("properties") or {}
    target = props.get("policyDefinitionId")
    if not isinstance(target, str) or not target.strip():
        return [{"policy_definition_id": None, "reference_id": None, "effect": None, "effect_source": None, "parameters": {},
                 "unresolved": ["the assignment names no policy definition"]}]
    params = props.get("parameters")
    definition = lookup(target)
    if not _is_set(definition, target):
        def direct(name: str) -> tuple[Any, str | None, str | None]:
            value = _assigned(params, name)
            if value is not _MISSING:
                return value, "assignment", None
            default = _default(((definition or {}).get("properties") or {}).get("parameters"), name)
            return (default, "definition default", None) if default is not _MISSING else (None, None, "no value and no default")

        return [_member_entry(target, definition, None, direct, assignment)]
    if not isinstance(definition, dict):
        return [{"policy_definition_id": target, "reference_id": None, "effect": None, "effect_source": None, "parameters": {},
                 "unresolved": ["the policy set definition could not be read"]}]
    set_props = definition.get("properties") or {}

    def set_parameter(name: str) -> tuple[Any, str | None, str | None]:
        value = _assigned(params, name)
        if value is not _MISSING:
            return value, "assignment", None
        default = _default(set_props.get("parameters"), name)
        return (default, "set default", None) if default is not _MISSING else (None, None, f"set parameter {name} has no value and no default")

    entries = []
    for member in set_props.get("policyDefinitions") or []:
        if not isinstance(member, dict) or not isinstance(member.get("policyDefinitionId"), str):
            continue
        member_id = member["policyDefinitionId"]
        member_def = lookup(member_id)
        reference = member.get("parameters")

        def member_value(name: str, member_def: Any = member_def, reference: Any = reference) -> tuple[Any, str | None, str | None]:
            given = _ci(reference, name)
            if isinstance(given, dict) and "value" in given:
                kind, value = _expression(given["value"])
                if kind == "literal":
                    return value, "set member", None
                if kind == "parameter":
                    return set_parameter(value)
                return None, None, f"expression {value}"
            default = _default(((member_def or {}).get("properties") or {}).get("parameters"), name)
            return (default, "definition default", None) if default is not _MISSING else (None, None, "no value and no default")

        entries.append(_member_entry(member_id, member_def, member.get("policyDefinitionReferenceId"), member_value, assignment))
    return entries


def member_definition_ids(definition: dict[str, Any] | None) -> list[str]:
    """The definitions a policy set definition references (empty for a plain definition)."""
    if not isinstance(definition, dict) or not _is_set(definition, ""):
        return []
    members = (definition.get("properties") or {}).get("policyDefinitions") or []
    return [m["policyDefinitionId"] for m in members if isinstance(m, dict) and isinstance(m.get("policyDefinitionId"), str)]
